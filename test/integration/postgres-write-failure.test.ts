// PostgreSQL that cannot write (issue 12), like SQLite on a full disk: a server out of disk
// (SQLSTATE 53100) or memory (53200), one starting up (57P03), and a connection killed in the
// middle of a transaction all give the translated "could not save" answer, not an unexpected
// error; nothing is half-written, and the next request works once the server can write again.
// The failures are provoked with a trigger on the Class table of the test's own schema.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../../src/core/errors.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { reportsFeature } from '../../src/reports/index.ts';
import { pgUrl, postgresAvailable, postgresTestDb, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const pgOk = await postgresAvailable();
const teacher = person('u-teacher', 'Mme Martin');
const saveFailed = createI18n('fr').t('fr')('errors:saveFailed');

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe.skipIf(!pgOk)('PostgreSQL that cannot write', () => {
  let testDb: TestDb;
  let h: Harness;
  let schema: string;

  beforeEach(async () => {
    testDb = await postgresTestDb();
    schema = testDb.pgSchema ?? 'public';
    h = harness(testDb, new Date('2026-11-23T07:00:00Z'), [reportsFeature({ mailer: null })]);
    await h.as(teacher).command('setup', { name: '4e B' });
  });
  afterEach(() => testDb.close());

  /** Every update of a class fails with this body (a RAISE, or the connection killed). */
  const failUpdates = (body: string) =>
    admin(`
      CREATE OR REPLACE FUNCTION "${schema}".inverso_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${body} RETURN NEW; END $$;
      DROP TRIGGER IF EXISTS inverso_fail ON "${schema}"."Class";
      CREATE TRIGGER inverso_fail BEFORE UPDATE ON "${schema}"."Class"
        FOR EACH ROW EXECUTE FUNCTION "${schema}".inverso_fail();`);
  const heal = () => admin(`DROP TRIGGER IF EXISTS inverso_fail ON "${schema}"."Class"`);

  for (const [name, body] of [
    ['disk full (53100)', `RAISE EXCEPTION 'could not extend file' USING ERRCODE = '53100';`],
    ['out of memory (53200)', `RAISE EXCEPTION 'out of memory' USING ERRCODE = '53200';`],
    ['starting up (57P03)', `RAISE EXCEPTION 'the database system is starting up' USING ERRCODE = '57P03';`],
    ['connection killed mid-transaction', 'PERFORM pg_terminate_backend(pg_backend_pid());'],
  ] as const) {
    it(`answers "could not save" when the server says ${name}, and works again after`, async () => {
      const { db } = testDb;
      const audits = await db.auditLog.count();
      await failUpdates(body);
      // More times than the pool has connections (10): none may stay taken by a failed transaction.
      for (let i = 0; i < 12; i++) {
        const settings = await h.as(teacher).command('settings', { name: '5e C' });
        expect(settings.private.map((c) => c.text)).toEqual([saveFailed]);
      }
      const direct = await db.class.updateMany({ data: { name: 'x' } }).catch((error: unknown) => error);
      expect(direct).toBeInstanceOf(StorageUnavailableError);
      expect((await db.class.findFirstOrThrow()).name).toBe('4e B');
      expect(await db.auditLog.count()).toBe(audits);

      await heal();
      const again = await h.as(teacher).command('settings', { name: '5e C' });
      expect(again.private.map((c) => c.text)).not.toEqual([saveFailed]);
      expect((await db.class.findFirstOrThrow()).name).toBe('5e C');
    });
  }
});
