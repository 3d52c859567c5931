// Counts failed database queries without touching the services: a Prisma query extension sees
// every model call and raw query, reports its error code, and rethrows it unchanged.
import type { Metrics } from '../core/metrics.ts';
import type { Db } from '../db/client.ts';

/** The same client, with each failed query reported to `metrics.dbQueryError`. */
export function countQueryErrors(db: Db, metrics: Metrics): Db {
  const extended = db.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          metrics.dbQueryError(errorCode(error));
          throw error;
        }
      },
    },
  });
  // The extension adds no method: the client keeps the Db surface every service is typed against.
  return extended as unknown as Db;
}

/** Prisma's code (P2002...), else the driver's (ECONNREFUSED, SQLITE_BUSY...), else "unknown". */
function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (typeof cause === 'string' && /^[A-Z0-9_]{1,40}$/.test(cause)) return cause;
  return 'unknown';
}
