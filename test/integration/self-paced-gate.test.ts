// Self-paced sequences (issue 14 §1, review fixes), on SQLite and PostgreSQL: a capsule still
// locked on a student's path can be neither watched nor answered from any button (App Home, an
// old card), and is shown as locked, never as "not watched"; switching the pace reopens or closes
// the quizzes of the sequence so no student is stuck and no quiz stays open for good.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportsFeature } from '../../src/reports/index.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';
import { quizText } from './reports-fixture.ts';

const pgOk = await postgresAvailable();
const teacher = person('t1', 'Mme Martin');
const lea = person('s1', 'Léa');
const hugo = person('s2', 'Hugo', 'en-GB');

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`self-paced gate on ${provider.name}`, () => {
    let testDb: TestDb;
    let h: Harness;
    const ids: Record<number, string> = {};
    const question = async (capsule: number, position: number) =>
      h.services.deps.db.quizQuestion.findFirstOrThrow({
        where: { position, quiz: { capsule: { number: capsule } } },
      });

    beforeEach(async () => {
      testDb = await provider.open();
      h = harness(testDb, undefined, [reportsFeature({ mailer: null })]);
      await h.as(teacher).command('setup', { name: '4e B', level: 'college' });
      for (const student of [lea, hugo]) await h.as(student).command('help');
      const plan = [
        { title: 'Fractions 1', publish: '2026-11-23 18:00', session: '2026-11-26 10:00' },
        { title: 'Fractions 2', publish: '2026-11-23 18:00', session: '2026-11-27 10:00' },
        { title: 'Fractions 3', publish: '2026-11-23 18:00', session: '2026-12-01 10:00' },
      ];
      for (const c of plan)
        await h
          .as(teacher)
          .command('capsule schedule', { ...c, url: 'https://video.example/f', sequence: 'Fractions' });
      await h.as(teacher).command('quiz create', { capsule: '1', text: quizText });
      await h.as(teacher).command('quiz create', { capsule: '3', text: quizText });
      await h.as(teacher).command('sequence pace', { name: 'Fractions', mode: 'self' });
      h.clock.set(new Date('2026-11-23T17:00:00Z'));
      await h.settle();
      for (const c of await h.services.deps.db.capsule.findMany()) ids[c.number] = c.id;
    });
    afterEach(async () => testDb.close());

    it('refuses to watch, take or answer a locked capsule, in words, changing nothing', async () => {
      const db = h.services.deps.db;
      const watched = await h.as(hugo).click('capsule.watched', [ids[3] as string]);
      expect(watched.private[0]?.tone).toBe('error');
      expect(watched.private[0]?.text).toBe(
        "This capsule isn't open for you yet. Type /path to see your path and what opens it.",
      );
      const take = await h.as(lea).click('quiz.take', [ids[3] as string]);
      expect(take.private[0]?.text).toBe(
        "Cette capsule n'est pas encore ouverte pour toi. Tape /path pour voir ton parcours et ce qui l'ouvre.",
      );
      const answer = await h.as(lea).click('quiz.answer', [(await question(3, 0)).id, '1']);
      expect(answer.private[0]?.tone).toBe('error');
      expect(await db.capsuleView.count()).toBe(0);
      expect(await db.answer.count()).toBe(0);
      // The open first capsule still works.
      await h.as(lea).click('capsule.watched', [ids[1] as string]);
      await h.as(lea).click('quiz.answer', [(await question(1, 0)).id, '1']);
      expect(await db.capsuleView.count()).toBe(1);
      expect(await db.answer.count()).toBe(1);
    });

    it('leaves locked capsules out of the App Home and /progress, and shows them locked to parents', async () => {
      await h.as(lea).click('capsule.watched', [ids[1] as string]);
      const home = await h.services.home.overview({
        platform: 'sandbox',
        workspaceId: 'school',
        platformUserId: 's1',
      });
      const mine = home.classes[0];
      expect(mine?.role).toBe('student');
      if (mine?.role !== 'student') return;
      // #1 is open (posted); #2 and #3 wait for Léa's quiz on #1.
      expect(mine.progress).toMatchObject({ capsules: 1, watched: 1 });
      expect(mine.due.map((d) => d.capsule.number)).toEqual([1]);
      const progress = (await h.as(lea).command('progress')).private[0];
      expect(progress?.text).not.toContain('Fractions 2');
      expect(progress?.text).not.toContain('Fractions 3');
      expect(progress?.text).toContain('Fractions 1');
      await h
        .as(teacher)
        .command('guardian add', { student: 'Léa', email: 'lea.parent@example.fr', language: 'fr' });
      h.clock.set(new Date('2026-11-26T17:00:00Z'));
      const preview = await h.as(teacher).command('digest preview', { email: 'lea.parent@example.fr' });
      const text = JSON.stringify(preview.private);
      expect(text).toContain('pas encore ouverte sur son parcours');
    });

    it('gives a self-paced quiz no close time, and reopens on self-paced the quizzes closed at their session', async () => {
      const db = h.services.deps.db;
      const quizOf = (n: number) => db.quiz.findFirstOrThrow({ where: { capsule: { number: n } } });
      await h.as(teacher).command('quiz create', { capsule: '2', text: quizText });
      expect((await quizOf(2)).closeAt).toBeNull();
      // Class-paced: every quiz closes at its session again, by its job.
      await h.as(teacher).command('sequence pace', { name: 'Fractions', mode: 'class' });
      expect((await quizOf(3)).closeAt).toEqual(
        (await db.capsule.findFirstOrThrow({ where: { number: 3 } })).sessionAt,
      );
      h.clock.set(new Date('2026-11-26T12:00:00Z'));
      await h.settle();
      expect((await quizOf(1)).closedAt).not.toBeNull();
      expect((await quizOf(3)).closedAt).toBeNull();
      // Hugo did not answer #1 before it closed, and would be stuck for good. Self-paced again: #1's quiz opens again, Hugo answers it and #2 opens for him.
      await h.as(teacher).command('sequence pace', { name: 'Fractions', mode: 'self' });
      expect(
        await db.quiz.count({ where: { OR: [{ closedAt: { not: null } }, { closeAt: { not: null } }] } }),
      ).toBe(0);
      await h.as(hugo).click('capsule.watched', [ids[1] as string]);
      await h.as(hugo).click('quiz.answer', [(await question(1, 0)).id, '1']);
      await h.as(hugo).click('quiz.answer', [(await question(1, 1)).id, '0']);
      expect(await db.answer.count()).toBe(2);
      const path = (await h.as(hugo).command('path')).private[0];
      expect(path?.text).toContain('✅ #1 Fractions 1 — 100 %');
      // Class-paced once more: #1 (session past) closes at once, #2 and #3 wait for their session.
      await h.as(teacher).command('sequence pace', { name: 'Fractions', mode: 'class' });
      await h.settle();
      expect((await quizOf(1)).closedAt).not.toBeNull();
      expect((await quizOf(2)).closedAt).toBeNull();
      expect((await quizOf(2)).closeAt).not.toBeNull();
      expect((await quizOf(3)).closedAt).toBeNull();
      h.clock.set(new Date('2026-12-01T12:00:00Z'));
      await h.settle();
      expect((await quizOf(2)).closedAt).not.toBeNull();
      expect((await quizOf(3)).closedAt).not.toBeNull();
    });

    it('still releases a self-paced capsule whose publication job runs after its session, without a post', async () => {
      const db = h.services.deps.db;
      await h.as(teacher).command('capsule schedule', {
        title: 'Fractions 4',
        url: 'https://video.example/f',
        publish: '2026-11-30 08:00',
        session: '2026-12-01 08:00',
        sequence: 'Fractions',
      });
      // The bot was down from before the publication until after the session.
      h.clock.set(new Date('2026-12-02T09:00:00Z'));
      await h.settle();
      const late = await db.capsule.findFirstOrThrow({ where: { number: 4 } });
      expect(late.status).toBe('published');
      expect(late.messageRef).toBeNull();
      const posted = h.platform.channel.map((p) => `${p.card?.title ?? ''}\n${p.card?.text ?? ''}`);
      expect(posted.some((t) => t.includes('Fractions 4'))).toBe(false);
      const job = await db.job.findFirstOrThrow({ where: { kind: 'capsule.publish', capsuleId: late.id } });
      expect(job.state).toBe('done');
    });
  });
}
