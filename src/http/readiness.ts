// Probes for supervisors and load balancers. /healthz: the process answers, and its database could
// write at the last look (it never waits for the database: a locked SQLite file must not make it
// hang). /readyz: it can do its work: the database answers and can write, and every configured
// platform is connected; otherwise 503 with a JSON body naming what is not ready.
import type { Logger } from '../core/logger.ts';
import { healthTimeoutMs } from './health.ts';
import type { Handler } from './server.ts';

/** What /readyz checks. */
export interface ReadinessChecks {
  /**
   * Throws (or rejects) when the database does not answer; may resolve with the name of another
   * state than `ok` (`not_writable`: full disk, lock held elsewhere).
   */
  database(): Promise<unknown>;
  /** The database's state at the last look, at once (for /healthz). */
  databaseNow?(): string;
  /** Each configured platform and whether it is connected now. */
  platforms(): { id: string; connected: boolean }[];
  /** True once the bot is shutting down: it takes no new work. */
  stopping?(): boolean;
}

/** `/healthz`: 200 while the process answers and the database could write at the last look. */
export function liveRoute(databaseNow?: () => string): Handler {
  return ({ send }) => {
    const database = databaseNow?.() ?? 'ok';
    if (database === 'ok') send(200, { status: 'ok' });
    else send(503, { status: 'unavailable', database });
  };
}

/** `/readyz`: 200 `{status: 'ready', checks}`, or 503 `{status: 'not_ready', notReady, checks}`. */
export function readyRoute(checks: ReadinessChecks, logger?: Logger, timeoutMs = healthTimeoutMs): Handler {
  return async ({ send }) => {
    const results: Record<string, string> = {};
    results.database = await within(checks.database(), timeoutMs).then(
      (state) => (typeof state === 'string' ? state : 'ok'),
      (error: unknown) => {
        logger?.warn({ err: error }, 'readiness: the database does not answer');
        return 'unreachable';
      },
    );
    for (const platform of checks.platforms()) {
      results[platform.id] = platform.connected ? 'ok' : 'not_connected';
    }
    if (checks.stopping?.()) results.process = 'stopping';
    const notReady = Object.keys(results).filter((name) => results[name] !== 'ok');
    if (notReady.length === 0) send(200, { status: 'ready', checks: results });
    else send(503, { status: 'not_ready', notReady, checks: results });
  };
}

async function within<T>(check: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
