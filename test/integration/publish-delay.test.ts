// Monday 08:00 behind a rate limit: publications waiting are taken in due order, and the teacher of
// a class whose capsule went out more than 5 minutes late is told why, once, in their language.
// Injected clock, on SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDue } from '../../src/scheduler/claim.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const teacher = person('t1', 'Mme Martin');
const pgOk = await postgresAvailable();

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`late publications on ${provider.name}`, () => {
    let testDb: TestDb;
    let h: Harness;

    beforeEach(async () => {
      testDb = await provider.open();
      h = harness(testDb); // Monday 23 Nov 2026, 08:00 in Paris
      await h.as(teacher).command('setup', { name: '4e B' });
    });
    afterEach(async () => testDb.close());

    const schedule = (title: string, publish: string) =>
      h.as(teacher).command('capsule schedule', {
        title,
        url: 'https://v.example',
        publish,
        session: 'mercredi 10h',
      });
    const notices = () =>
      (h.platform.direct.get(teacher.platformUserId) ?? []).filter((c) => /retard|late/.test(c.title ?? ''));

    it('takes waiting publications in due order, whatever the order they were scheduled in', async () => {
      await schedule('Troisième', 'lundi 18h02');
      await schedule('Première', 'lundi 18h');
      await schedule('Deuxième', 'lundi 18h01');
      h.clock.set(new Date('2026-11-23T17:10:00Z'));
      const now = h.clock.now();
      const first = await claimDue(testDb.db, { instanceId: 'a', now, batchSize: 2, lockMs: 60_000 });
      const second = await claimDue(testDb.db, { instanceId: 'b', now, batchSize: 2, lockMs: 60_000 });
      const titles = async (ids: (string | null)[]) =>
        (await testDb.db.capsule.findMany({ where: { id: { in: ids.filter((i) => i !== null) } } }))
          .sort((a, b) => a.publishAt.getTime() - b.publishAt.getTime())
          .map((c) => c.title);
      const publishes = (rows: typeof first.rows) => rows.filter((r) => r.kind === 'capsule.publish');
      expect(first.rows.map((r) => r.dueAt.toISOString())).toEqual([
        '2026-11-23T17:00:00.000Z',
        '2026-11-23T17:01:00.000Z',
      ]);
      expect(await titles(publishes(first.rows).map((r) => r.capsuleId))).toEqual(['Première', 'Deuxième']);
      expect(await titles(publishes(second.rows).map((r) => r.capsuleId))).toEqual(['Troisième']);
    });

    it('tells the teacher once, in French with vous, when a capsule goes out more than 5 minutes late', async () => {
      await schedule('Fractions', 'lundi 18h');
      await schedule('Volumes', 'lundi 18h05');
      // 18:07: Fractions is 7 minutes late, Volumes only 2.
      h.clock.set(new Date('2026-11-23T17:07:00Z'));
      await h.settle();
      expect(notices()).toHaveLength(1);
      const text = notices()[0]?.text ?? '';
      expect(text).toContain('Fractions');
      expect(text).toContain('7 minutes de retard');
      expect(text).toMatch(/vos élèves/);
      // A second run of the same publication (a crash after posting) does not tell again.
      const job = await testDb.db.job.findFirstOrThrow({ where: { kind: 'capsule.publish', state: 'done' } });
      await testDb.db.job.update({ where: { id: job.id }, data: { state: 'pending' } });
      await h.settle();
      expect(notices()).toHaveLength(1);
    });

    it('speaks English to an English-speaking teacher and says nothing when on time', async () => {
      await schedule('On time', 'lundi 18h');
      h.clock.set(new Date('2026-11-23T17:04:00Z'));
      await h.settle();
      expect(notices()).toHaveLength(0);
      await testDb.db.member.updateMany({ where: { role: 'teacher' }, data: { locale: 'en' } });
      await schedule('Late one', 'lundi 18h05');
      h.clock.set(new Date('2026-11-23T17:30:00Z'));
      await h.settle();
      expect(notices()).toHaveLength(1);
      expect(notices()[0]?.text).toContain('published 25 minutes late');
    });
  });
}
