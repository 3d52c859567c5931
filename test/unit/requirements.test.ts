// How suites decide to skip on a fresh machine: a missing Chromium or PostgreSQL skips the suite
// with one line naming what to install, unless CI is set, where the suite runs (and fails).
import { describe, expect, it } from 'vitest';
import { postgresRequirement } from '../support/db.ts';
import { chromiumRequirement, inCi } from '../support/requirements.ts';

/** A warn function that keeps its lines. */
function recorder() {
  const lines: string[] = [];
  return { lines, warn: (line: string) => void lines.push(line) };
}

const absent = '/nonexistent/inverso-test/chromium';
const closedPort = 'postgresql://postgres@127.0.0.1:1/test';

describe('skipping suites on a fresh machine', () => {
  it('reads CI as set for true or 1, unset when missing, empty, 0 or false', () => {
    expect(inCi({ CI: 'true' })).toBe(true);
    expect(inCi({ CI: '1' })).toBe(true);
    expect(inCi({})).toBe(false);
    expect(inCi({ CI: '' })).toBe(false);
    expect(inCi({ CI: '0' })).toBe(false);
    expect(inCi({ CI: 'false' })).toBe(false);
  });

  it('skips the end-to-end suites without Chromium, with one line naming what to install', () => {
    const { lines, warn } = recorder();
    expect(chromiumRequirement(absent, {}, warn)).toBe(false);
    expect(lines).toEqual([
      `Chromium not found at ${absent}: the end-to-end suites are skipped (apt install chromium, or set CHROMIUM_PATH).`,
    ]);
  });

  it('runs them in CI even without Chromium, silently, so they fail there', () => {
    const { lines, warn } = recorder();
    expect(chromiumRequirement(absent, { CI: 'true' }, warn)).toBe(true);
    expect(lines).toEqual([]);
  });

  it('runs them when an executable is at the path', () => {
    const { lines, warn } = recorder();
    expect(chromiumRequirement(process.execPath, {}, warn)).toBe(true);
    expect(lines).toEqual([]);
  });

  it('skips the PostgreSQL suites when nothing answers, with one line naming what to install', async () => {
    const { lines, warn } = recorder();
    expect(await postgresRequirement(closedPort, {}, warn)).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^PostgreSQL is not reachable at postgresql:\/\/postgres@127\.0\.0\.1:1\/test: .*apt install postgresql/,
    );
  });

  it('runs the PostgreSQL suites in CI even when nothing answers', async () => {
    const { lines, warn } = recorder();
    expect(await postgresRequirement(closedPort, { CI: 'true' }, warn)).toBe(true);
    expect(lines).toEqual([]);
  });
});
