// A complete bot in its own process: `src/main.ts` as `npm start` runs it, configured by environment
// variables only. The two-process test and the fan-out bench start two of these on one database.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A running bot process and what it logged. */
export interface BotProcess {
  name: string;
  port: number;
  child: ChildProcess;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  /** SIGTERM, then waits for the exit (SIGKILL after a while). */
  stop(): Promise<number | null>;
}

/** Starts `src/main.ts` with this environment (PATH and HOME are kept) and waits until it runs. */
export async function startBotProcess(
  name: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', INSTANCE_ID: name, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let buffer = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const running = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${buffer}\n${stderr}`)),
      timeoutMs,
    );
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} at start:\n${buffer}\n${stderr}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (/^Inverso is running/.test(String(entry.msg))) {
          clearTimeout(timer);
          resolve(Number(entry.port));
        }
      }
    });
  });
  const port = await running;
  return {
    name,
    port,
    child,
    logs,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Writes the shared test clock (TEST_CLOCK_FILE) that every bot process reads its time from. */
export function setTestClock(file: string, at: Date): void {
  writeFileSync(file, at.toISOString());
}
