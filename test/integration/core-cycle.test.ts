// The flipped-class cycle through the real dispatcher, services, scheduler and database, on SQLite
// and on PostgreSQL: set-up, capsule and quiz, publication, answers, questions, reminders, close.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const teacher = person('t1', 'Mme Martin');
const lea = person('s1', 'Léa');
const hugo = person('s2', 'Hugo', 'en-GB');
const ines = person('s3', 'Inès');

const quizText = `? 1/2 + 1/4 = ?
- 2/6
* 3/4
- 1/3
> Same denominator first: 2/4 + 1/4.

? Which is bigger?
* 2/3
- 3/5`;

const pgOk = await postgresAvailable();

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`flipped-class cycle on ${provider.name}`, () => {
    let testDb: TestDb;
    let h: Harness;

    beforeEach(async () => {
      testDb = await provider.open();
      h = harness(testDb); // Monday 23 Nov 2026, 08:00 in Paris
      await h.as(teacher).command('setup', { name: '4e B', level: 'college' });
      for (const student of [lea, hugo, ines]) await h.as(student).command('help');
    });
    afterEach(async () => testDb.close());

    it('runs the whole cycle', async () => {
      const scheduled = await h.as(teacher).command('capsule schedule', {
        title: 'Additionner des fractions',
        url: 'https://video.example/fractions',
        publish: 'lundi 18h',
        session: 'jeudi 10h',
        minutes: 12,
      });
      expect(scheduled.private[0]?.text).toContain('n°1');
      expect(scheduled.private[0]?.text).toContain('⚠️'); // 12 min is long for a middle school class
      const quiz = await h.as(teacher).command('quiz create', { capsule: '1', text: quizText });
      expect(quiz.private[0]?.tone).toBe('success');

      await h.settle();
      expect(h.platform.find('Capsule n°1')).toHaveLength(0); // not before 18:00

      h.clock.set(new Date('2026-11-23T17:00:00Z'));
      await h.settle();
      const [card] = h.platform.find('Capsule n°1');
      expect(card?.card.controls?.[0]?.map((c) => (c.kind === 'select' ? c.placeholder : c.label))).toEqual([
        'Voir la vidéo',
        "Je l'ai regardée",
        'Faire le quiz',
        'Poser une question',
      ]);
      const questions = h.platform.channel.filter((m) => m.card.title?.startsWith('Quiz'));
      expect(questions).toHaveLength(1); // both questions in one message, a row of answers each
      const capsule = await testDb.db.capsule.findFirstOrThrow();
      const [q1, q2] = await testDb.db.quizQuestion.findMany({ orderBy: { position: 'asc' } });

      // Léa watches and answers both right; Hugo answers wrong; Inès does nothing.
      expect((await h.as(lea).click('capsule.watched', [capsule.id])).private[0]?.text).toContain('Bravo');
      const right = await h.as(lea).click('quiz.answer', [q1!.id, '1']);
      expect(right.private[0]?.text).toContain('✅');
      expect(right.private[0]?.controls?.[0]?.[0]).toMatchObject({
        action: 'quiz.answer',
        args: [q2!.id, '0'],
      });
      await h.as(lea).click('quiz.answer', [q2!.id, '0']);
      const wrong = await h.as(hugo).click('quiz.answer', [q1!.id, '0']);
      expect(wrong.private[0]?.text).toContain('Not quite'); // Hugo's own language
      expect(wrong.private[0]?.fields?.[0]?.value).toContain('Same denominator');
      expect(wrong.public).toHaveLength(0);
      await h.settle();
      const tally = questions[0]!.card;
      expect(tally.fields?.[0]?.value).toBe('1. 2 réponses\n2. 1 réponse');
      expect(JSON.stringify(tally)).not.toMatch(/Léa|Hugo/);

      // Trying again is practice: the first answer stays the one that counts.
      const again = await h.as(hugo).click('quiz.answer', [q1!.id, '1']);
      expect(again.private[0]?.text).toContain('Practice: your first answer (A. 2/6)');
      expect(await testDb.db.answer.count()).toBe(3);

      // Hugo asks anonymously; Léa upvotes; Hugo cannot upvote his own.
      const ask = await h.as(hugo).click('question.ask', [capsule.id]);
      expect(ask.private[0]?.controls?.[0]?.map((c) => c.kind === 'button' && c.args[1])).toEqual([
        'named',
        'anon',
      ]);
      const form = await h.as(hugo).click('question.form', [capsule.id, 'anon']);
      expect(form.forms[0]).toEqual({ form: 'question.askAnonymous', state: [capsule.id, 'anon'] });
      await h
        .as(hugo)
        .submit('question.ask', [capsule.id, 'anon'], { text: 'Pourquoi le même dénominateur ?' });
      const stored = await testDb.db.studentQuestion.findFirstOrThrow();
      expect(stored.authorId).toBeNull();
      expect(stored.anonymous).toBe(true);
      const posted = h.platform.find('Pourquoi le même')[0]!;
      expect(posted.card.title).toBe('Question anonyme');
      expect(posted.thread).toBeDefined();
      expect((await h.as(lea).click('question.upvote', [stored.id])).private[0]?.tone).toBe('success');
      expect((await h.as(lea).click('question.upvote', [stored.id])).private[0]?.text).toContain('déjà');
      expect((await h.as(hugo).click('question.upvote', [stored.id])).private[0]?.text).toContain(
        'own question',
      );
      const list = await h.as(teacher).command('questions');
      expect(list.private[0]?.text).toContain('anonyme · ▲ 1');
      expect(list.private[0]?.text).not.toContain('Hugo');

      // 24 h before class: the channel reminder, then private nudges to those behind.
      h.platform.closedDms.add(ines.platformUserId);
      h.clock.set(new Date('2026-11-25T09:00:00Z'));
      await h.settle();
      const reminder = h.platform.find('Rappel')[0]!;
      expect(reminder.card.fields?.map((f) => f.value)).toEqual(['1/3', '1/3']);
      expect(h.platform.direct.get(lea.platformUserId)).toBeUndefined();
      expect(h.platform.direct.get(hugo.platformUserId)?.[0]?.text).toContain('watch the capsule');
      const inesRow = await testDb.db.member.findFirstOrThrow({
        where: { platformUserId: ines.platformUserId },
      });
      expect(inesRow.dmClosedAt).not.toBeNull();

      // The 1 h reminder does not knock on Inès's closed door again.
      h.clock.set(new Date('2026-11-26T08:00:00Z'));
      await h.settle();
      expect(h.platform.direct.get(hugo.platformUserId)).toHaveLength(2);

      // At the session the quiz closes: final tallies, right answers shown, no more buttons.
      h.clock.set(new Date('2026-11-26T09:00:00Z'));
      await h.settle();
      expect(questions[0]!.card.controls).toBeUndefined();
      expect(questions[0]!.card.text).toContain('✅');
      const late = await h.as(ines).click('quiz.answer', [q1!.id, '1']);
      expect(late.private[0]?.text).toContain('fermé');
      const jobs = await testDb.db.job.findMany();
      expect(jobs.every((j) => ['done', 'skipped'].includes(j.state))).toBe(true);
    });

    it('answers bad input clearly and changes nothing', async () => {
      const cases: [string, Record<string, unknown>, RegExp][] = [
        [
          'capsule schedule',
          { title: 'X', url: 'javascript:alert(1)', publish: 'demain 8h', session: 'jeudi 10h' },
          /lien web/,
        ],
        [
          'capsule schedule',
          { title: 'X', url: 'https://v.example', publish: '2020-01-01 08:00', session: 'jeudi 10h' },
          /passée/,
        ],
        [
          'capsule schedule',
          { title: 'X', url: 'https://v.example', publish: 'jeudi 10h', session: 'demain 10h' },
          /après la publication/,
        ],
        [
          'capsule schedule',
          { title: 'X', url: 'https://v.example', publish: 'quand tu veux', session: 'jeudi 10h' },
          /quand tu veux/,
        ],
        [
          'capsule schedule',
          { title: 'X', url: 'https://v.example', publish: 'demain 8h', session: 'jeudi 10h', minutes: 900 },
          /180/,
        ],
        ['capsule cancel', { capsule: '42' }, /Aucune capsule/],
        ['quiz create', { capsule: '42', text: '? a\n* b\n- c' }, /Aucune capsule/],
      ];
      for (const [command, args, message] of cases) {
        const outcome = await h.as(teacher).command(command, args);
        expect(outcome.private[0]?.tone, command).toBe('error');
        expect(outcome.private[0]?.text).toMatch(message);
      }
      await h.as(teacher).command('capsule schedule', {
        title: 'Fractions',
        url: 'https://v.example',
        publish: 'demain 8h',
        session: 'jeudi 10h',
      });
      const form = await h.as(teacher).command('quiz create', { capsule: '1' });
      expect(form.forms[0]).toEqual({ form: 'quiz.create', state: ['1', 'live'] });
      const empty = await h.as(teacher).submit('quiz.create', ['1', 'live'], { text: '   ' });
      expect(empty.private[0]?.tone).toBe('error');
      const many = await h.as(teacher).command('quiz create', {
        capsule: '1',
        text: `? Q\n* a\n${Array.from({ length: 11 }, (_, i) => `- o${i}`).join('\n')}`,
      });
      expect(many.private[0]?.text).toMatch(/10/);
      const student = await h.as(lea).command('capsule cancel', { capsule: '1' });
      expect(student.private[0]?.text).toContain('Seuls les professeurs');
      expect(await testDb.db.capsule.count()).toBe(1);
      expect(await testDb.db.quiz.count()).toBe(0);
      expect((await testDb.db.capsule.findFirstOrThrow()).status).toBe('scheduled');
      const stale = await h.as(lea).click('capsule.watched', ['does-not-exist']);
      expect(stale.private[0]?.tone).toBe('error');
      expect(await testDb.db.capsuleView.count()).toBe(0);
    });

    it('moves the session of a published capsule with a date typed as words', async () => {
      await h.as(teacher).command('capsule schedule', {
        title: 'Fractions',
        url: 'https://v.example',
        publish: 'lundi 18h',
        session: 'jeudi 8h',
      });
      h.clock.set(new Date('2026-11-23T17:00:00Z'));
      await h.settle();
      expect((await testDb.db.capsule.findFirstOrThrow()).status).toBe('published');
      const edited = await h.as(teacher).command('capsule edit', { capsule: '1', session: 'vendredi 14h' });
      expect(edited.private[0]?.tone).toBe('success');
      const capsule = await testDb.db.capsule.findFirstOrThrow();
      expect(capsule.sessionAt.toISOString()).toBe('2026-11-27T13:00:00.000Z');
      const moved = await h.as(teacher).command('capsule edit', { capsule: '1', publish: 'mardi 8h' });
      expect(moved.private[0]?.text).toContain('déjà publiée');
    });

    it('keeps jobs in step with edits and cancellations, and respects quiet hours', async () => {
      await h.as(teacher).command('capsule schedule', {
        title: 'Fractions',
        url: 'https://v.example',
        publish: 'lundi 18h',
        session: 'jeudi 8h',
      });
      const key = (k: string) => testDb.db.job.findFirst({ where: { idempotencyKey: { startsWith: k } } });
      expect((await key('capsule.reminder'))?.state).toBe('pending');
      await h.as(teacher).command('capsule edit', { capsule: '1', session: 'vendredi 8h' });
      const reminders = await testDb.db.job.findMany({
        where: { kind: 'capsule.reminder', state: 'pending' },
      });
      expect(reminders.map((r) => r.dueAt.toISOString()).sort()).toEqual([
        '2026-11-26T07:00:00.000Z',
        '2026-11-27T06:00:00.000Z',
      ]);
      // 1 h before an 8:00 class is 7:00, inside quiet hours: nudges wait until 7:30.
      h.clock.set(new Date('2026-11-27T06:00:00Z'));
      await h.settle();
      const nudge = await testDb.db.job.findFirstOrThrow({
        where: { kind: 'capsule.nudge', dueAt: { gt: h.clock.now() } },
      });
      expect(nudge.dueAt.toISOString()).toBe('2026-11-27T06:30:00.000Z');
      await h.as(teacher).command('capsule cancel', { capsule: '1' });
      const left = await testDb.db.job.count({ where: { state: 'pending' } });
      expect(left).toBe(0);
    });
  });
}
