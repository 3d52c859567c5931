// `npm run db:backup`: a copy of the SQLite database taken while another connection keeps writing
// (as the running bot would) opens, passes its integrity check and holds what was written before.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase, defaultBackupFile, sqliteFileOf } from '../../scripts/db-backup.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';

describe('db:backup', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('copies a database being written into a file that opens and holds the data', async () => {
    const testDb: TestDb = await sqliteTestDb();
    cleanup.push(() => testDb.close());
    const dir = mkdtempSync(path.join(tmpdir(), 'inverso-backup-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    // The bot's own connection is open (Prisma) while a second one writes a megabyte and more.
    await testDb.db.$queryRaw`SELECT 1`;
    const writer = new Database(sqliteFileOf(testDb.url));
    cleanup.push(() => void writer.close());
    writer.exec('CREATE TABLE backup_probe (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = writer.prepare('INSERT INTO backup_probe (body) VALUES (?)');
    writer.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run(`row ${i} ${'x'.repeat(200)}`);
    })();
    let written = 5000;
    const writes = setInterval(() => {
      if (written < 5200) insert.run(`late ${written++}`);
    }, 1);
    cleanup.push(() => clearInterval(writes));

    const file = await backupDatabase(testDb.url, path.join(dir, 'copy.db'));
    clearInterval(writes);

    expect(file).toBe(path.join(dir, 'copy.db'));
    const copy = new Database(file, { readonly: true });
    expect(existsSync(`${file}-wal`)).toBe(false);
    cleanup.push(() => void copy.close());
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = (copy.prepare('SELECT count(*) AS n FROM backup_probe').get() as { n: number }).n;
    expect(rows).toBeGreaterThanOrEqual(5000);
    expect(rows).toBeLessThanOrEqual(written);
    const migrations = copy.prepare('SELECT count(*) AS n FROM _inverso_migrations').get() as { n: number };
    expect(migrations.n).toBeGreaterThan(0);
  });

  it('names copies by time beside the database and never overwrites one', async () => {
    const at = new Date('2026-12-02T01:30:05Z');
    expect(defaultBackupFile('/srv/inverso/data/inverso.db', at)).toBe(
      '/srv/inverso/data/backups/inverso-20261202-013005.db',
    );
    const testDb = await sqliteTestDb();
    cleanup.push(() => testDb.close());
    const dir = mkdtempSync(path.join(tmpdir(), 'inverso-backup-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const target = path.join(dir, 'once.db');
    await backupDatabase(testDb.url, target);
    expect(existsSync(target)).toBe(true);
    await expect(backupDatabase(testDb.url, target)).rejects.toThrow(/exists already/);
  });

  it('sends PostgreSQL users to pg_dump', async () => {
    await expect(backupDatabase('postgresql://127.0.0.1/test')).rejects.toThrow(/pg_dump/);
  });
});
