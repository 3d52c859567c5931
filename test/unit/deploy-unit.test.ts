// The systemd unit in deploy/: systemd itself checks it where systemd-analyze exists (with this
// machine's node in place of /usr/bin/node), and its sections are read here in every case, so the
// unit cannot drift from `npm start` or stop the bot before its shutdown grace is over.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shutdownGraceMs } from '../../src/main.ts';

const unitText = readFileSync('deploy/inverso.service', 'utf8');

/** The unit's sections and their keys (a key given twice keeps its values in order). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1] as string, current);
      continue;
    }
    const pair = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!pair || !current) throw new Error(`line ${index + 1} is neither a section nor a key: ${raw}`);
    current.set(pair[1] as string, [...(current.get(pair[1] as string) ?? []), pair[2] as string]);
  }
  return sections;
}

const unit = parseUnit(unitText);
const service = unit.get('Service');
const one = (key: string) => service?.get(key)?.at(-1);

describe('deploy/inverso.service', () => {
  it('has the sections and keys a service needs', () => {
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
    expect(one('User')).toBe('inverso');
    expect(one('EnvironmentFile')).toBe('/etc/inverso/inverso.env');
    // The only place the hardened service may write is the data folder under its working directory.
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('ReadWritePaths')).toBe(`${one('WorkingDirectory')}/data`);
  });

  it('runs what `npm start` runs, with node itself as the main process', () => {
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts
      .start;
    expect(start.startsWith('node ')).toBe(true);
    expect(one('ExecStart')).toBe(`/usr/bin/node ${start.slice('node '.length)}`);
  });

  it('leaves the bot its shutdown grace before systemd kills it', () => {
    expect(one('KillSignal')).toBe('SIGTERM');
    const stopSeconds = Number(one('TimeoutStopSec'));
    expect(stopSeconds * 1000).toBeGreaterThanOrEqual(shutdownGraceMs + 10_000);
  });

  const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  if (analyze.error) {
    console.warn(
      'systemd-analyze is not installed (apt install systemd): deploy/inverso.service is only parsed, not verified.',
    );
  }

  it.skipIf(Boolean(analyze.error))('passes systemd-analyze verify', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'inverso-unit-'));
    try {
      const file = path.join(dir, 'inverso.service');
      // verify checks that ExecStart's program exists: use the node running these tests.
      writeFileSync(file, unitText.replace('ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `));
      const result = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      expect(result.stderr.trim()).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
