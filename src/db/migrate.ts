// Applies the committed migration SQL at start: files in order, each in its own transaction, each
// recorded in _inverso_migrations. Prisma's own migrate commands do not run on this stack
// (docs/decisions/0002-prisma-offline.md).
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { projectPath } from '../core/project-path.ts';
import { providerOf, searchPath, splitPgSchema } from './client.ts';

const migrationsRoot = projectPath('prisma/migrations');

/** A migration file: its name (ordering key) and SQL. */
export interface Migration {
  name: string;
  sql: string;
}

export function listMigrations(provider: 'sqlite' | 'postgres'): Migration[] {
  const dir = path.join(migrationsRoot, provider);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name), 'utf8') }));
}

/** The path of a SQLite file URL, with its folder created. */
export function sqlitePath(url: string): string {
  const file = url.replace(/^file:/, '').split('?')[0] ?? '';
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return file;
}

/** Applies pending migrations; returns the names applied now. */
export async function migrate(url: string, options: { pgSchema?: string } = {}): Promise<string[]> {
  if (providerOf(url) !== 'postgres') return migrateSqlite(url);
  const split = splitPgSchema(url);
  return migratePostgres(split.url, options.pgSchema ?? split.schema);
}

function migrateSqlite(url: string): string[] {
  const db = new Database(sqlitePath(url));
  try {
    // WAL lets the scheduler and the request handlers read while one of them writes.
    db.pragma('journal_mode = WAL');
    db.exec(
      'CREATE TABLE IF NOT EXISTS _inverso_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      db
        .prepare('SELECT name FROM _inverso_migrations')
        .all()
        .map((r) => (r as { name: string }).name),
    );
    const applied: string[] = [];
    // SQLite ignores PRAGMA foreign_keys inside a transaction, so a migration's own "foreign_keys=OFF"
    // would not hold: a table rebuild (DROP TABLE) would then cascade-delete every child row. The
    // runner turns them off around each file and checks the keys before committing instead.
    db.pragma('foreign_keys = OFF');
    for (const m of listMigrations('sqlite')) {
      if (done.has(m.name)) continue;
      db.transaction(() => {
        db.exec(m.sql);
        const broken = db.prepare('PRAGMA foreign_key_check').all();
        if (broken.length > 0) {
          throw new Error(`migration ${m.name} leaves ${broken.length} broken foreign key(s)`);
        }
        db.prepare('INSERT INTO _inverso_migrations (name, applied_at) VALUES (?, ?)').run(
          m.name,
          new Date().toISOString(),
        );
      })();
      applied.push(m.name);
    }
    db.pragma('foreign_keys = ON');
    return applied;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, schema: string | undefined): Promise<string[]> {
  // Loaded here only: a bot on SQLite never needs the PostgreSQL driver (~10 MB at rest).
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, ...searchPath(schema) });
  await client.connect();
  try {
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    // One process migrates at a time when several bots share the database.
    await client.query('SELECT pg_advisory_lock(727274)');
    await client.query(
      'CREATE TABLE IF NOT EXISTS _inverso_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)',
    );
    const done = new Set(
      (await client.query('SELECT name FROM _inverso_migrations')).rows.map((r) => r.name),
    );
    const applied: string[] = [];
    for (const m of listMigrations('postgres')) {
      if (done.has(m.name)) continue;
      // The generated SQL targets "public"; a test schema takes its place.
      const sql = schema ? m.sql.replace(/CREATE SCHEMA IF NOT EXISTS "public";/g, '') : m.sql;
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO _inverso_migrations (name, applied_at) VALUES ($1, now())', [m.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      applied.push(m.name);
    }
    await client.query('SELECT pg_advisory_unlock(727274)');
    return applied;
  } finally {
    await client.end();
  }
}
