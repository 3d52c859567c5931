// PostgreSQL that fails cleanly, like SQLite (issue 12, docs/decisions/0017). A server out of disk
// (SQLSTATE 53100) or memory (53200), shutting down or starting (57P01–57P03), failing its I/O
// (58xxx), read-only after a fail-over (25006), or a connection lost in the middle of a transaction
// becomes StorageUnavailableError: the translated "nothing was saved, try again" answer, and the
// health probes hear of it. Everything else goes through untouched. This wraps Prisma's pg adapter
// at its edge, the way the SQLite guard does, so every query and transaction is covered. As on
// SQLite, Prisma sends COMMIT/ROLLBACK as statements and frees the pooled connection only after
// them: on a dead connection ROLLBACK throws and the connection was never given back (ten such
// and every transaction waited for ever). A transaction whose connection died, or whose COMMIT or
// ROLLBACK failed, gives its connection back here, destroyed, at once.
import type { SqlDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';
import { StorageUnavailableError } from '../core/errors.ts';
import { codeOf, type WriteHealth } from './write-health.ts';

/** SQLSTATEs that say "the server cannot write now"; classes 53, 57P0x, 58, 08 and 25006. */
const cannotWrite = /^(53\d{3}|57P0[1-3]|58\d{3}|08\d{3}|25006)$/;
/** The adapter's names for a connection that is gone or never came. */
const connectionKinds = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
/** node-postgres's own words for a connection that died (its errors carry no code). */
const connectionLost = /Connection terminated|Client has encountered a connection error|Connection ended/i;

/** The reason a PostgreSQL error means "cannot write now", or null for any other error. */
export function pgStorageFailure(error: unknown): string | null {
  const code = codeOf(error);
  if (code && cannotWrite.test(code)) return code;
  const kind = (error as { cause?: { kind?: unknown } } | null)?.cause?.kind;
  if (typeof kind === 'string' && connectionKinds.has(kind)) return kind;
  const message = error instanceof Error ? error.message : '';
  return connectionLost.test(message) ? 'connection lost' : null;
}

function translate(error: unknown, health: WriteHealth): unknown {
  if (error instanceof StorageUnavailableError) return error;
  const reason = pgStorageFailure(error);
  if (reason === null) return error;
  health.failed(reason);
  return new StorageUnavailableError(reason, { cause: error });
}

/** Codes and kinds after which the transaction's connection is gone (it must not be reused). */
const deadConnection =
  /^(57P0[12]|08\d{3}|ConnectionClosed|SocketTimeout|DatabaseNotReachable|connection lost)$/;

/** The adapter's transaction (6.19) keeps its pooled client and a listener cleanup. */
type PgTransactionInternals = { client?: { release(error?: Error | boolean): void }; cleanup?: () => void };

/** A transaction that always gives its connection back, once, whatever the server says. */
function guardTransaction(tx: Transaction, health: WriteHealth): Transaction {
  const internals = tx as unknown as PgTransactionInternals;
  let released = false;
  const destroy = (error: unknown) => {
    if (released) return;
    released = true;
    internals.cleanup?.();
    try {
      internals.client?.release(error instanceof Error ? error : true);
    } catch {
      // Already back in the pool: nothing to give back.
    }
  };
  const statement =
    (run: (query: SqlQuery) => Promise<unknown>) =>
    async (query: SqlQuery): Promise<unknown> => {
      if (released) throw new StorageUnavailableError('transaction closed');
      try {
        return await run(query);
      } catch (error) {
        const reason = pgStorageFailure(error);
        if ((reason && deadConnection.test(reason)) || /^\s*(COMMIT|ROLLBACK)\b/i.test(query.sql))
          destroy(error);
        throw translate(error, health);
      }
    };
  const end = (run: () => Promise<void>) => async (): Promise<void> => {
    if (released) return;
    released = true;
    await run();
  };
  return new Proxy(tx, {
    get(object, property) {
      const value = Reflect.get(object, property, object) as unknown;
      if (typeof value !== 'function') return value;
      const bound = (value as (...a: unknown[]) => Promise<unknown>).bind(object);
      if (property === 'queryRaw' || property === 'executeRaw') return statement(bound);
      if (property === 'commit' || property === 'rollback') return end(bound as () => Promise<void>);
      return bound;
    },
  });
}

/** Every method of `target` with its failures translated; transactions are wrapped the same way. */
function translating<T extends object>(target: T, health: WriteHealth): T {
  return new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property, object) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = (value as (...a: unknown[]) => unknown).apply(object, args);
        } catch (error) {
          throw translate(error, health);
        }
        if (!(result instanceof Promise)) return result;
        return result.then(
          (settled: unknown) =>
            property === 'startTransaction' && settled && typeof settled === 'object'
              ? guardTransaction(settled as Transaction, health)
              : settled,
          (error: unknown) => {
            throw translate(error, health);
          },
        );
      };
    },
  });
}

/** Wraps Prisma's pg adapter factory so that a server that cannot write gives the translated error. */
export function guardPostgres(inner: SqlDriverAdapterFactory, health: WriteHealth): SqlDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      try {
        return translating(await inner.connect(), health);
      } catch (error) {
        throw translate(error, health);
      }
    },
  };
}
