// A full disk on SQLite (issue 12): a database capped at its current size (PRAGMA max_page_count)
// and filled to the brim. /digest note and /settings get the translated "could not save" error,
// nothing is half-written, the scheduler's tick still ends, and once there is room again the next
// request goes through, with no restart. Before the guard, the failed transaction kept its lock
// and every later one waited forever.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n/i18n.ts';
import { reportsFeature } from '../../src/reports/index.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const teacher = person('u-teacher', 'Mme Martin');
const saveFailed = createI18n('fr').t('fr')('errors:saveFailed');
/** Three bytes in UTF-8 each: a 1,000-character note needs a page of its own. */
const longNote = '漢'.repeat(1000);

/** Fills every free byte: the audit log's last page, then every page up to the cap. */
async function fill(testDb: TestDb): Promise<void> {
  const { db } = testDb;
  const rows = await db.$queryRawUnsafe<{ page_count: bigint }[]>('PRAGMA page_count');
  await db.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(rows[0]?.page_count)}`);
  for (let i = 0; ; i++) {
    try {
      await db.$executeRawUnsafe(
        `INSERT INTO "AuditLog" (id, "classId", action) SELECT 'f${i}', id, 'x' FROM "Class"`,
      );
    } catch (error) {
      expect((error as Error).message).toContain('saveFailed');
      return;
    }
  }
}

async function withinSeconds<T>(work: Promise<T>, seconds = 10): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${seconds} s`)), seconds * 1000);
  });
  try {
    return await Promise.race([work, hang]);
  } finally {
    clearTimeout(timer);
  }
}

describe('SQLite on a full disk', () => {
  let testDb: TestDb;
  let h: Harness;

  beforeEach(async () => {
    testDb = await sqliteTestDb();
    h = harness(testDb, new Date('2026-11-23T07:00:00Z'), [reportsFeature({ mailer: null })]);
    await h.as(teacher).command('setup', { name: '4e B' });
    await h.as(teacher).command('digest note', { text: 'Sortie jeudi.' });
  });
  afterEach(() => testDb.close());

  it('answers "could not save", writes nothing, and works again once there is room', async () => {
    const { db } = testDb;
    const audits = await db.auditLog.count();
    await fill(testDb);
    const filled = await db.auditLog.count();
    expect(filled).toBeGreaterThan(audits);

    const note = await withinSeconds(h.as(teacher).command('digest note', { text: longNote }));
    expect(note.private.map((c) => c.text)).toEqual([saveFailed]);
    const settings = await withinSeconds(h.as(teacher).command('settings', { name: '漢'.repeat(80) }));
    expect(settings.private.map((c) => c.text)).toEqual([saveFailed]);
    // Nothing half-written: the note and the name are as they were, and no audit line was added.
    const klass = await db.class.findFirstOrThrow();
    expect(klass.digestNote).toBe('Sortie jeudi.');
    expect(klass.name).toBe('4e B');
    expect(await db.auditLog.count()).toBe(filled);
    // Reads still answer, and the scheduler's tick ends.
    await withinSeconds(h.settle());
    expect((await withinSeconds(h.as(teacher).command('help'))).private).toHaveLength(1);

    // Room again: the very next requests go through.
    await db.$queryRawUnsafe('PRAGMA max_page_count = 1000000');
    const again = await withinSeconds(h.as(teacher).command('digest note', { text: longNote }));
    expect(again.private[0]?.tone).toBe('success');
    const renamed = await withinSeconds(h.as(teacher).command('settings', { name: '4e C' }));
    expect(renamed.private[0]?.text).not.toBe(saveFailed);
    const saved = await db.class.findFirstOrThrow();
    expect([saved.digestNote, saved.name]).toEqual([longNote, '4e C']);
    expect(await db.auditLog.count()).toBe(filled + 2);
  });
});
