// Prisma client factory: the DATABASE_URL scheme picks the provider, its generated client and its
// driver adapter. Both clients come from one source schema, so they share one type (Db). Only the
// provider in use is loaded (the other costs memory for nothing).
import { createRequire } from 'node:module';
import type { PrismaClient as SqliteClient } from '../../generated/prisma/sqlite/index.js';

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

/** Options for a client: a PostgreSQL schema other than public (used by tests). */
export interface DbOptions {
  pgSchema?: string;
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

export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  const { url, schema } = splitPgSchema(databaseUrl);
  options = { pgSchema: options.pgSchema ?? schema };
  if (providerOf(url) === 'postgres') {
    const { PrismaPg } = require('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg');
    const { PrismaClient } =
      require('../../generated/prisma/postgres/index.js') as typeof import('../../generated/prisma/postgres/index.js');
    const adapter = new PrismaPg(
      { connectionString: url, max: 10, ...searchPath(options.pgSchema) },
      options.pgSchema ? { schema: options.pgSchema } : undefined,
    );
    return new PrismaClient({ adapter, errorFormat: 'minimal' }) as unknown as Db;
  }
  const { PrismaBetterSQLite3 } =
    require('@prisma/adapter-better-sqlite3') as typeof import('@prisma/adapter-better-sqlite3');
  const { PrismaClient } =
    require('../../generated/prisma/sqlite/index.js') as typeof import('../../generated/prisma/sqlite/index.js');
  return new PrismaClient({
    adapter: new PrismaBetterSQLite3({ url, timeout: 5000 }),
    errorFormat: 'minimal',
  });
}

/** pg pool options that select a schema for every connection. */
export function searchPath(schema: string | undefined): { options?: string } {
  return schema ? { options: `-c search_path="${schema}"` } : {};
}
