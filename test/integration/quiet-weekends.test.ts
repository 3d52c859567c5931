// Quiet hours at weekends, end to end on SQLite and PostgreSQL with the injected clock: a reminder
// that falls on a Sunday (the weekend the clocks go back) posts in the channel, and its private
// nudges wait for Monday 07:30 on the class's clocks; a nudge that falls due in quiet hours is
// held, never dropped, and delivered at the next allowed time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const teacher = person('t1', 'Mme Martin');
const lea = person('s1', 'Léa');
const hugo = person('s2', 'Hugo', 'en-GB');

const pgOk = await postgresAvailable();

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`quiet weekends, on ${provider.name}`, () => {
    let testDb: TestDb;
    let h: Harness;
    const dms = (who: { platformUserId: string }) => h.platform.direct.get(who.platformUserId) ?? [];
    const nudge = () => testDb.db.job.findFirstOrThrow({ where: { kind: 'capsule.nudge' } });

    beforeEach(async () => {
      testDb = await provider.open();
      // Thursday 22 Oct 2026, 10:00 in Paris (summer time).
      h = harness(testDb, new Date('2026-10-22T08:00:00Z'));
      await h.as(teacher).command('setup', { name: '4e B', level: 'college' });
      for (const student of [lea, hugo]) await h.as(student).command('help');
      // Session on Monday 26 Oct 10:00 (winter time): reminders on Sunday 10:00 and Monday 09:00.
      await h.as(teacher).command('capsule schedule', {
        title: 'Fractions',
        url: 'https://video.example/fractions',
        publish: '2026-10-23 08:00',
        session: '2026-10-26 10:00',
      });
      h.clock.set(new Date('2026-10-23T06:00:00Z'));
      await h.settle(); // published on Friday
    });
    afterEach(async () => testDb.close());

    it('holds Sunday’s nudges until Monday 07:30, across the change of time', async () => {
      h.clock.set(new Date('2026-10-25T09:00:00Z')); // Sunday 10:00 CET
      await h.settle();
      await h.settle();
      expect(h.platform.find('Rappel').length).toBe(1); // the channel reminder is not private: posted
      expect(dms(lea)).toHaveLength(0);
      const held = await nudge();
      expect(held.state).toBe('pending');
      expect(held.dueAt.toISOString()).toBe('2026-10-26T06:30:00.000Z'); // Monday 07:30 CET

      h.clock.set(new Date('2026-10-26T06:30:00Z'));
      await h.settle();
      expect(dms(lea).map((c) => c.title)).toEqual(['Avant le cours : Fractions']);
      expect(dms(hugo)).toHaveLength(1);
      expect((await nudge()).state).toBe('done');
    });

    it('sends at weekends when the class allows it', async () => {
      const allowed = await h.as(teacher).command('settings', { weekends: 'allowed' });
      const quiet = allowed.private[0]?.fields?.find((f) => f.label.startsWith('Heures calmes'));
      expect(quiet?.value).toBe('20:00–07:30');
      expect((await testDb.db.class.findFirstOrThrow()).quietWeekends).toBe(false);
      h.clock.set(new Date('2026-10-25T09:00:00Z')); // Sunday 10:00
      await h.settle();
      expect(dms(lea)).toHaveLength(1);
      expect((await nudge()).dueAt.toISOString()).toBe('2026-10-25T09:00:00.000Z');
    });

    it('holds a nudge that falls due in quiet hours (planned earlier, or after a downtime)', async () => {
      const capsule = await testDb.db.capsule.findFirstOrThrow();
      // Planned for Saturday 10:00 (as when the class still allowed weekends), run on Saturday.
      await h.services.queue.enqueue({
        kind: 'capsule.nudge',
        dueAt: new Date('2026-10-24T08:00:00Z'),
        key: `capsule.nudge:${capsule.id}:1440:${capsule.sessionAt.getTime()}`,
        classId: capsule.classId,
        capsuleId: capsule.id,
        payload: { offsetMinutes: 1440 },
      });
      h.clock.set(new Date('2026-10-24T08:00:00Z'));
      await h.settle();
      const held = await nudge();
      expect(held).toMatchObject({ state: 'pending', lastError: 'quiet hours' });
      expect(held.dueAt.toISOString()).toBe('2026-10-26T06:30:00.000Z'); // Monday 07:30 CET
      expect(dms(lea)).toHaveLength(0);

      // Monday 07:30: delivered once (the Sunday reminder, overdue too, plans the same nudge).
      h.clock.set(new Date('2026-10-26T06:30:00Z'));
      await h.settle();
      expect(dms(lea)).toHaveLength(1);
      expect(dms(hugo)).toHaveLength(1);
      expect((await nudge()).state).toBe('done');
    });

    it('refuses a weekend setting it does not know, and changes nothing', async () => {
      const wrong = await h.as(teacher).command('settings', { weekends: 'sometimes' });
      expect(wrong.private[0]?.tone).toBe('error');
      expect(wrong.private[0]?.text).toContain('weekends');
      expect((await testDb.db.class.findFirstOrThrow()).quietWeekends).toBe(true);
    });
  });
}
