// SQLite that fails cleanly (issue 12, docs/decisions/0017-sqlite-fails-cleanly.md). Prisma's
// better-sqlite3 adapter leaves its transaction lock taken when BEGIN, COMMIT or ROLLBACK throws
// (a full disk auto-rolls back, then Prisma's ROLLBACK fails and the release never runs), and its
// synchronous driver blocks the event loop for the whole busy timeout. This wrapper keeps the
// adapter's statements but owns the transactions: BEGIN IMMEDIATE, a short busy timeout retried
// asynchronously, a release that always runs, and one queue for every statement, so nothing
// outside a transaction ever runs inside it.
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';
import type BetterSqlite3 from 'better-sqlite3';
import { StorageUnavailableError } from '../core/errors.ts';
import { Gate } from './gate.ts';
import { isBusy, storageFailureCode, WriteHealth } from './write-health.ts';

/** Timing of lock waits. */
export interface SqliteGuardOptions {
  /** How long one statement may block the event loop waiting for a lock (SQLite's busy timeout). */
  busyTimeoutMs?: number;
  /** How long a write keeps retrying a held lock, asynchronously, before it is refused. */
  lockWaitMs?: number;
}

/** Defaults: a 20 ms synchronous wait at most; 1.5 s in all (Prisma's maxWait is 2 s). */
export const sqliteLockDefaults = { busyTimeoutMs: 20, lockWaitMs: 1500 } as const;

type Raw = BetterSqlite3.Database;
type Queryable = Pick<SqlDriverAdapter, 'queryRaw' | 'executeRaw'>;

/** The wrapped factory and what watches whether the database can write. */
export interface GuardedSqlite {
  factory: SqlDriverAdapterFactory;
  health: WriteHealth;
}

/** Wraps Prisma's better-sqlite3 adapter factory (built with `timeout: busyTimeoutMs`). */
export function guardSqlite(inner: SqlDriverAdapterFactory, options: SqliteGuardOptions = {}): GuardedSqlite {
  const timing = { ...sqliteLockDefaults, ...options };
  const gate = new Gate();
  const health = new WriteHealth();
  const factory: SqlDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      // The adapter keeps its better-sqlite3 handle in `client` (6.19); transactions need it.
      const raw = (adapter as unknown as { client: Raw }).client;
      raw.pragma(`busy_timeout = ${timing.busyTimeoutMs}`);
      health.attach(() => probeSqlite(raw, gate, health));
      return new GuardedAdapter(adapter, raw, gate, health, timing.lockWaitMs);
    },
  };
  return { factory, health };
}

class GuardedAdapter implements SqlDriverAdapter {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;

  constructor(
    readonly inner: SqlDriverAdapter,
    readonly raw: Raw,
    readonly gate: Gate,
    readonly health: WriteHealth,
    readonly lockWaitMs: number,
  ) {
    this.adapterName = inner.adapterName;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.#alone(() => this.inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.#alone(() => this.inner.executeRaw(query));
  }

  executeScript(script: string): Promise<void> {
    return this.#alone(() => this.inner.executeScript(script));
  }

  getConnectionInfo() {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }

  async startTransaction(_isolationLevel?: IsolationLevel): Promise<Transaction> {
    const release = await this.gate.acquire();
    try {
      await retryBusy(() => this.raw.exec('BEGIN IMMEDIATE'), this.lockWaitMs, this.health);
    } catch (error) {
      release();
      throw translate(error, this.health);
    }
    return new GuardedTransaction(this, release);
  }

  async dispose(): Promise<void> {
    await this.inner.dispose();
  }

  /** A statement outside any transaction: it waits for a running one, and retries a held lock. */
  async #alone<T>(run: () => Promise<T>): Promise<T> {
    const release = await this.gate.acquire();
    try {
      return await retryBusy(run, this.lockWaitMs, this.health);
    } catch (error) {
      throw translate(error, this.health);
    } finally {
      release();
    }
  }
}

class GuardedTransaction implements Transaction {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  // Prisma then calls commit() and rollback() instead of sending COMMIT and ROLLBACK as queries,
  // so the lock is released here whatever the database answers.
  readonly options = { usePhantomQuery: true };
  #release: (() => void) | null;

  constructor(
    readonly owner: GuardedAdapter,
    release: () => void,
  ) {
    this.adapterName = owner.adapterName;
    this.#release = release;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.#statement(this.owner.inner, (q) => q.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.#statement(this.owner.inner, (q) => q.executeRaw(query));
  }

  async commit(): Promise<void> {
    if (!this.#release) return;
    const { raw, lockWaitMs, health } = this.owner;
    try {
      await retryBusy(() => raw.exec('COMMIT'), lockWaitMs, health);
      health.wrote();
    } catch (error) {
      throw translate(error, health);
    } finally {
      this.#close();
    }
  }

  async rollback(): Promise<void> {
    this.#close();
  }

  /** Ends the transaction on the connection (a failed COMMIT leaves it open) and frees the queue. */
  #close(): void {
    const release = this.#release;
    if (!release) return;
    this.#release = null;
    try {
      // After "database or disk is full" SQLite may have rolled back already: then nothing to do.
      if (this.owner.raw.inTransaction) this.owner.raw.exec('ROLLBACK');
    } catch {
      // A ROLLBACK that fails leaves SQLite to roll back when the connection next writes.
    } finally {
      release();
    }
  }

  async #statement<T>(inner: Queryable, run: (q: Queryable) => Promise<T>): Promise<T> {
    if (!this.#release) throw new StorageUnavailableError('transaction closed');
    try {
      return await run(inner);
    } catch (error) {
      throw translate(error, this.owner.health);
    }
  }
}

/** Runs `run`, retrying after a pause while SQLite says the lock is held, up to `waitMs` in all. */
async function retryBusy<T>(run: () => T | Promise<T>, waitMs: number, health: WriteHealth): Promise<T> {
  const deadline = Date.now() + waitMs;
  let pause = 5;
  let waited = false;
  for (;;) {
    try {
      const result = await run();
      if (waited) health.wrote();
      return result;
    } catch (error) {
      if (!isBusy(error) || Date.now() + pause > deadline) throw error;
      waited = true;
      health.failed('SQLITE_BUSY');
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 100);
    }
  }
}

/** A database that cannot write becomes the translated "could not save" error; the rest is kept. */
function translate(error: unknown, health: WriteHealth): unknown {
  if (error instanceof StorageUnavailableError) return error;
  const code = storageFailureCode(error);
  if (code === null) return error;
  health.failed(code);
  return new StorageUnavailableError(code, { cause: error });
}

/**
 * Whether this connection can write now, without waiting: a held lock, a database at its size
 * limit, or a write that fails all count as "cannot write". Runs between two statements of ours.
 */
async function probeSqlite(raw: Raw, gate: Gate, health: WriteHealth): Promise<void> {
  const release = await gate.tryAcquire(200);
  // One of our own writes is running: what it meets is what health already records.
  if (!release) return;
  const busy = Number(raw.pragma('busy_timeout', { simple: true }));
  try {
    raw.pragma('busy_timeout = 0');
    raw.exec('BEGIN IMMEDIATE');
    try {
      const pages = Number(raw.pragma('page_count', { simple: true }));
      const max = Number(raw.pragma('max_page_count', { simple: true }));
      const free = Number(raw.pragma('freelist_count', { simple: true }));
      if (free === 0 && pages >= max)
        throw Object.assign(new Error('database is full'), { code: 'SQLITE_FULL' });
      raw.exec('CREATE TABLE IF NOT EXISTS _inverso_probe (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)');
      raw.prepare('INSERT OR REPLACE INTO _inverso_probe (id, at) VALUES (1, ?)').run(Date.now());
      raw.exec('COMMIT');
    } finally {
      if (raw.inTransaction) raw.exec('ROLLBACK');
    }
    health.wrote();
  } catch (error) {
    const code = storageFailureCode(error);
    if (code === null) throw error;
    health.failed(code);
  } finally {
    raw.pragma(`busy_timeout = ${busy}`);
    release();
  }
}
