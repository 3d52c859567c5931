// Edges of the cycle found in review: moved sessions, cancellations, hidden questions, where the
// brief may go, and what a student may open. On SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const teacher = person('t1', 'Mme Martin');
const lea = person('s1', 'Léa');
const hugo = person('s2', 'Hugo');
const pgOk = await postgresAvailable();

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`cycle edges on ${provider.name}`, () => {
    let testDb: TestDb;
    let h: Harness;

    beforeEach(async () => {
      testDb = await provider.open();
      h = harness(testDb); // Monday 23 Nov 2026, 08:00 in Paris
      await h.as(teacher).command('setup', { name: '4e B' });
      await h.as(lea).command('help');
      await h.as(hugo).command('help');
      await h.as(teacher).command('capsule schedule', {
        title: 'Fractions',
        url: 'https://v.example',
        publish: 'lundi 18h',
        session: 'mercredi 10h',
      });
      await h.as(teacher).command('quiz create', { capsule: '1', text: '? 1/2 + 1/4 ?\n* 3/4\n- 2/6' });
      h.clock.set(new Date('2026-11-23T17:00:00Z'));
      await h.settle();
    });
    afterEach(async () => testDb.close());

    it('keeps the quiz open until a session moved later', async () => {
      await h.as(teacher).command('capsule edit', { capsule: '1', session: 'vendredi 10h' });
      h.clock.set(new Date('2026-11-25T09:30:00Z')); // after the old session, before the new one
      await h.settle();
      const q = await testDb.db.quizQuestion.findFirstOrThrow();
      const answer = await h.as(lea).click('quiz.answer', [q.id, '0']);
      expect(answer.private[0]?.text).toContain('✅');
      const reminders = await testDb.db.job.findMany({
        where: { kind: 'capsule.reminder', state: 'pending' },
      });
      expect(reminders.map((r) => r.dueAt.toISOString()).sort()).toEqual([
        '2026-11-26T09:00:00.000Z',
        '2026-11-27T08:00:00.000Z',
      ]);
    });

    it('closes the quiz of a cancelled capsule', async () => {
      await h.as(teacher).command('capsule cancel', { capsule: '1' });
      const q = await testDb.db.quizQuestion.findFirstOrThrow();
      const answer = await h.as(lea).click('quiz.answer', [q.id, '0']);
      expect(answer.private[0]?.tone).toBe('error');
      expect(await testDb.db.answer.count()).toBe(0);
      const capsule = await testDb.db.capsule.findFirstOrThrow();
      const take = await h.as(lea).click('quiz.take', [capsule.id]);
      expect(take.private[0]?.tone).toBe('error');
    });

    it('takes a hidden question out of the channel', async () => {
      await h.as(hugo).command('ask', { text: 'Une question déplacée' });
      const question = await testDb.db.studentQuestion.findFirstOrThrow();
      await h.as(teacher).click('question.mark', [question.id, 'hidden']);
      await h.settle();
      const card = h.platform.find('déplacée')[0] ?? h.platform.channel.at(-1);
      expect(card?.card.text).toBe('Un professeur a masqué cette question.');
      expect(card?.card.controls).toBeUndefined();
    });

    it('lists in /help only what the caller may do here', async () => {
      const student = (await h.as(lea).command('help')).private[0]?.text ?? '';
      expect(student).toContain('/ask');
      expect(student).not.toContain('/setup');
      expect(student).not.toContain('/capsule schedule');
      const forTeacher = (await h.as(teacher).command('help')).private[0]?.text ?? '';
      expect(forTeacher).toContain('/capsule schedule');
    });

    it('never sends the brief to the class channel', async () => {
      const refused = await h.as(teacher).command('settings', { brief: 'class-4b' });
      expect(refused.private[0]?.tone).toBe('error');
      const named = await h.as(teacher).command('settings', { brief: '#profs' });
      expect(named.private[0]?.text).toContain('#profs');
      const ok = await h.as(teacher).command('settings', { brief: '<#teachers-room>' });
      expect(ok.private[0]?.tone).not.toBe('error');
      expect((await testDb.db.class.findFirstOrThrow()).briefTarget).toBe('teachers-room');
    });

    it('forgets capsules, answers and questions past the retention limit', async () => {
      const q = await testDb.db.quizQuestion.findFirstOrThrow();
      await h.as(lea).click('quiz.answer', [q.id, '0']);
      await h.as(hugo).command('ask', { text: 'Pourquoi ?', anonymous: true });
      h.clock.set(new Date('2028-01-10T08:00:00Z')); // more than 400 days after the session
      await h.services.privacy.purgeExpired();
      expect(await testDb.db.capsule.count()).toBe(0);
      expect(await testDb.db.answer.count()).toBe(0);
      expect(await testDb.db.studentQuestion.count()).toBe(0);
      // Students with nothing left are forgotten too (their name was only kept for their data);
      // the teacher stays.
      expect((await testDb.db.member.findMany()).map((m) => m.role)).toEqual(['teacher']);
    });

    it('shows students only published capsules when they type', async () => {
      await h.as(teacher).command('capsule schedule', {
        title: 'Secret à venir',
        url: 'https://v.example/2',
        publish: 'mardi 18h',
        session: 'jeudi 10h',
      });
      const klass = await testDb.db.class.findFirstOrThrow();
      const place = {
        platform: 'sandbox' as const,
        workspaceId: klass.workspaceId,
        channelId: klass.channelId,
      };
      const forStudent = await h.dispatcher.autocomplete(
        { type: 'autocomplete', command: 'ask', option: 'capsule', partial: '' },
        { actor: lea, place },
      );
      expect(forStudent.map((s) => s.label)).toEqual(['#1 Fractions']);
      const forTeacher = await h.dispatcher.autocomplete(
        { type: 'autocomplete', command: 'quiz create', option: 'capsule', partial: '' },
        { actor: teacher, place },
      );
      expect(forTeacher).toHaveLength(2);
    });
  });
}
