// Probes for supervisors and load balancers. /healthz: the process answers (restart it if not).
// /readyz: it can do its work: the database answers and every configured platform is connected;
// otherwise 503 with a JSON body naming what is not ready, so traffic goes to another bot.
import type { Logger } from '../core/logger.ts';
import { healthTimeoutMs } from './health.ts';
import type { Handler } from './server.ts';

/** What /readyz checks. */
export interface ReadinessChecks {
  /** Throws (or rejects) when the database does not answer. */
  database(): Promise<void>;
  /** Each configured platform and whether it is connected now. */
  platforms(): { id: string; connected: boolean }[];
  /** True once the bot is shutting down: it takes no new work. */
  stopping?(): boolean;
}

/** `/healthz`: 200 as long as the process can answer at all. */
export function liveRoute(): Handler {
  return ({ send }) => send(200, { status: 'ok' });
}

/** `/readyz`: 200 `{status: 'ready', checks}`, or 503 `{status: 'not_ready', notReady, checks}`. */
export function readyRoute(checks: ReadinessChecks, logger?: Logger, timeoutMs = healthTimeoutMs): Handler {
  return async ({ send }) => {
    const results: Record<string, string> = {};
    results.database = await within(checks.database(), timeoutMs).then(
      () => 'ok',
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

async function within(check: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
