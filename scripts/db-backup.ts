// `npm run db:backup [file]`: a consistent copy of the SQLite database while the bot runs, made
// with SQLite's online backup (better-sqlite3's db.backup): the copy is a snapshot of one moment,
// taken page by page without stopping the bot's writes. PostgreSQL has pg_dump for this (README).
// Runs compiled (dist/scripts/db-backup.js) like `npm start`; reads DATABASE_URL as the bot does.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { ConfigError, loadConfig } from '../src/config.ts';

/** The SQLite file a `file:` URL names, as the bot opens it (relative to the working folder). */
export function sqliteFileOf(databaseUrl: string): string {
  if (!databaseUrl.startsWith('file:')) {
    throw new Error(
      'db:backup copies SQLite databases; for PostgreSQL use pg_dump (see the README, "Backups").',
    );
  }
  return path.resolve(databaseUrl.slice('file:'.length).split('?')[0] ?? '');
}

/** `data/backups/inverso-20261202-0130.db` beside the database, from the time of the copy. */
export function defaultBackupFile(database: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const name = path.basename(database, path.extname(database));
  return path.join(path.dirname(database), 'backups', `${name}-${stamp}.db`);
}

/**
 * Copies the SQLite database of `databaseUrl` to `destination` while others may write to it, then
 * checks the copy (integrity check). Returns the copy's path.
 */
export async function backupDatabase(
  databaseUrl: string,
  destination?: string,
  now: Date = new Date(),
): Promise<string> {
  const source = sqliteFileOf(databaseUrl);
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  const target = path.resolve(destination ?? defaultBackupFile(source, now));
  if (existsSync(target)) throw new Error(`${target} exists already: choose another file`);
  mkdirSync(path.dirname(target), { recursive: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  const copy = new Database(target);
  try {
    // One self-contained file: no -wal/-shm beside it, whatever the bot's journal mode.
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy at ${target} failed its integrity check: ${String(check)}`);
  } finally {
    copy.close();
  }
  return target;
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    const target = await backupDatabase(loadConfig().databaseUrl, process.argv[2]);
    console.log(`Backup written to ${target}`);
  } catch (error) {
    console.error(
      error instanceof ConfigError ? error.message : `Backup failed: ${(error as Error).message}`,
    );
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
