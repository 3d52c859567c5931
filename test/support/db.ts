// Real databases for tests: a copy of the migrated SQLite base file, or a fresh PostgreSQL schema.
import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Db } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { baseDbFile, testRoot } from './paths.ts';
import { postgresNotice, requirementMet, type Warn } from './requirements.ts';

/** A database for one test, and how to dispose of it. */
export interface TestDb {
  db: Db;
  url: string;
  provider: 'sqlite' | 'postgres';
  pgSchema?: string;
  close(): Promise<void>;
}

export const pgUrl = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export async function sqliteTestDb(): Promise<TestDb> {
  const file = path.join(testRoot, `${randomUUID()}.db`);
  copyFileSync(baseDbFile, file);
  const url = `file:${file}`;
  const db = createDb(url);
  return { db, url, provider: 'sqlite', close: () => db.$disconnect() };
}

export async function postgresTestDb(): Promise<TestDb> {
  const pgSchema = `t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await migrate(pgUrl, { pgSchema });
  const db = createDb(pgUrl, { pgSchema });
  return {
    db,
    url: pgUrl,
    provider: 'postgres',
    pgSchema,
    async close() {
      await db.$disconnect();
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
      await client.end();
    },
  };
}

/** Whether a PostgreSQL server answers at `url` within two seconds. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a PostgreSQL suite runs: when the server answers, and always in CI (it then fails
 * loudly); otherwise skipped with one line saying what to install.
 */
export async function postgresRequirement(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  warn: Warn = console.warn,
): Promise<boolean> {
  return requirementMet(await postgresAnswers(url), postgresNotice(url), env, warn);
}

let pgReachable: Promise<boolean> | undefined;

/** Whether the PostgreSQL suites of this test file run (asked once per file, so one line per suite). */
export function postgresAvailable(): Promise<boolean> {
  pgReachable ??= postgresRequirement(pgUrl);
  return pgReachable;
}

/** The providers a shared suite runs on: SQLite always, PostgreSQL when reachable. */
export const providers = [
  { name: 'sqlite', open: sqliteTestDb },
  { name: 'postgres', open: postgresTestDb },
] as const;
