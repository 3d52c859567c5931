// /healthz for process supervisors and load balancers: 200 while the database answers, 503 when it
// does not (or takes too long), so a stuck bot is taken out of rotation instead of looking alive.
import type { Logger } from '../core/logger.ts';
import type { Handler } from './server.ts';

/** How long the check may take before the bot counts as unhealthy. */
export const healthTimeoutMs = 3000;

/** A `/healthz` handler around a check that throws (or rejects) when the database is unreachable. */
export function healthRoute(
  check: () => Promise<void>,
  logger?: Logger,
  timeoutMs = healthTimeoutMs,
): Handler {
  return async ({ send }) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`health check timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([check(), timeout]);
      send(200, { status: 'ok' });
    } catch (error) {
      logger?.warn({ err: error }, 'health check failed');
      send(503, { status: 'unavailable' });
    } finally {
      clearTimeout(timer);
    }
  };
}
