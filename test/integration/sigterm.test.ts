// `npm start`'s process receiving SIGTERM (systemd stopping it): it stops claiming jobs, closes
// the platforms and the HTTP server, and exits 0 with no job row left locked. The scheduler-level
// details (a slow job finishing, the bounded wait) are in scheduler-shutdown.test.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
import { testRoot } from '../support/paths.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Resolves with the first JSON log line whose msg matches, from the child's stdout. */
function logLine(child: ChildProcess, msg: RegExp, timeoutMs = 45_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`no log line ${msg} in ${timeoutMs} ms:\n${buffer}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (const line of buffer.split('\n')) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (msg.test(String(entry.msg))) {
          clearTimeout(timer);
          resolve(entry);
          return;
        }
      }
    });
  });
}

describe('SIGTERM', () => {
  it('stops the bot cleanly: exit code 0, no job left locked', { timeout: 90_000 }, async () => {
    const file = path.join(testRoot, `sigterm-${randomUUID()}.db`);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: `file:${file}`,
        PORT: '0',
        SANDBOX: 'on',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const running = await logLine(child, /Inverso is running/);
      const ready = await fetch(`http://127.0.0.1:${running.port}/readyz`);
      expect(ready.status).toBe(200);
      const stopped = logLine(child, /^stopped$/);
      child.kill('SIGTERM');
      await stopped;
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    const db = createDb(`file:${file}`);
    try {
      // The demo class and the retention purge gave the scheduler work: none of it is held.
      expect(await db.job.count()).toBeGreaterThan(0);
      expect(await db.job.count({ where: { OR: [{ state: 'running' }, { lockedBy: { not: null } }] } })).toBe(
        0,
      );
    } finally {
      await db.$disconnect();
    }
  });
});
