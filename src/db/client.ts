// Prisma client factory: the DATABASE_URL scheme picks the provider, its generated client and its
// driver adapter. Both clients come from one source schema, so they share one type (Db). Only the
// provider in use is loaded (the other costs memory for nothing).
import { createRequire } from 'node:module';
import type { PrismaClient as SqliteClient } from '../../generated/prisma/sqlite/index.js';
import { projectPath } from '../core/project-path.ts';
import { guardPostgres } from './pg-guard.ts';
import { guardSqlite, type SqliteGuardOptions, sqliteLockDefaults } from './sqlite-guard.ts';
import { WriteHealth } from './write-health.ts';

const require = createRequire(import.meta.url);

/** The database client every service receives. */
export type Db = SqliteClient;
export type { Prisma } from '../../generated/prisma/sqlite/index.js';

/** Which database a URL names. */
export type Provider = 'sqlite' | 'postgres';

export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  if (url.startsWith('file:')) return 'sqlite';
  throw new Error(`DATABASE_URL must start with file: or postgresql:// (got ${url.split(':')[0]}:)`);
}

/** Options for a client: a PostgreSQL schema other than public (used by tests), SQLite lock waits. */
export interface DbOptions {
  pgSchema?: string;
  sqlite?: SqliteGuardOptions;
}

/** A client and what tells whether its database can write (for /healthz and /readyz). */
export interface Database {
  db: Db;
  health: WriteHealth;
}

/**
 * A PostgreSQL URL's `?schema=` (Prisma's own convention) taken out of the connection string: it
 * lets several bot processes share a schema other than public (tests, one database per tenant).
 */
export function splitPgSchema(url: string): { url: string; schema?: string } {
  if (providerOf(url) !== 'postgres' || !url.includes('schema=')) return { url };
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  return schema ? { url: parsed.toString(), schema } : { url: parsed.toString() };
}

export function createDb(url: string, options: DbOptions = {}): Db {
  return openDatabase(url, options).db;
}

export function openDatabase(databaseUrl: string, options: DbOptions = {}): Database {
  const { url, schema } = splitPgSchema(databaseUrl);
  options = { ...options, pgSchema: options.pgSchema ?? schema };
  if (providerOf(url) === 'postgres') {
    const { PrismaPg } = require('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg');
    const { PrismaClient } = require(
      projectPath('generated/prisma/postgres/index.js'),
    ) as typeof import('../../generated/prisma/postgres/index.js');
    const adapter = new PrismaPg(
      { connectionString: url, max: 10, ...searchPath(options.pgSchema) },
      options.pgSchema ? { schema: options.pgSchema } : undefined,
    );
    const health = new WriteHealth();
    // A server out of disk or memory, or a lost connection: the translated "could not save" error.
    const db = new PrismaClient({
      adapter: guardPostgres(adapter, health),
      errorFormat: 'minimal',
    }) as unknown as Db;
    health.attach(async () => {
      await db.$queryRaw`SELECT 1`;
      health.wrote();
    });
    return { db, health };
  }
  const { PrismaBetterSQLite3 } =
    require('@prisma/adapter-better-sqlite3') as typeof import('@prisma/adapter-better-sqlite3');
  const { PrismaClient } = require(
    projectPath('generated/prisma/sqlite/index.js'),
  ) as typeof import('../../generated/prisma/sqlite/index.js');
  const timing = { ...sqliteLockDefaults, ...options.sqlite };
  // A short busy timeout: better-sqlite3 waits for a lock synchronously, blocking the event loop;
  // the guard retries asynchronously instead (docs/decisions/0017-sqlite-fails-cleanly.md).
  const guarded = guardSqlite(new PrismaBetterSQLite3({ url, timeout: timing.busyTimeoutMs }), timing);
  const db = new PrismaClient({ adapter: guarded.factory, errorFormat: 'minimal' });
  return { db, health: guarded.health };
}

/** pg pool options that select a schema for every connection. */
export function searchPath(schema: string | undefined): { options?: string } {
  return schema ? { options: `-c search_path="${schema}"` } : {};
}
