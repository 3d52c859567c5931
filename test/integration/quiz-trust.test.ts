// What a teacher decides about trust, through the real core on SQLite and PostgreSQL: the right
// answer kept until the quiz closes, questions held for approval, and the review poll of the
// method ("bilan") answered anonymously with counts that follow the answers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const pgOk = await postgresAvailable();
const teacher = person('t1', 'Mme Martin');
const lea = person('s1', 'Léa');
const hugo = person('s2', 'Hugo');
const ines = person('s3', 'Inès');

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`trust settings on ${provider.name}`, () => {
    let testDb: TestDb;
    let h: Harness;

    beforeEach(async () => {
      testDb = await provider.open();
      h = harness(testDb);
      await h.as(teacher).command('setup', { name: '4e B', level: 'college' });
      for (const s of [lea, hugo, ines]) await h.as(s).command('help');
      await h.as(teacher).command('capsule schedule', {
        title: 'Les fractions',
        url: 'https://video.example/f',
        publish: 'lundi 18h',
        session: 'jeudi 10h',
        sequence: 'Fractions',
      });
    });
    afterEach(async () => testDb.close());

    const publish = async () => {
      h.clock.set(new Date('2026-11-23T17:00:00Z'));
      await h.settle();
    };

    it('keeps the right answer for when the quiz closes, if the teacher says so', async () => {
      const created = await h.as(teacher).command('quiz create', {
        capsule: '1',
        reveal: 'after_close',
        text: '? 1/2 + 1/4 ?\n- 2/6\n* 3/4\n> Même dénominateur.',
      });
      expect(created.private[0]?.tone).toBe('success');
      await publish();
      const [q] = await testDb.db.quizQuestion.findMany();
      const first = await h.as(lea).click('quiz.answer', [q!.id, '0']);
      expect(first.private[0]?.text).toContain('montrée à la fermeture');
      expect(first.private[0]?.text).not.toMatch(/3\/4|❌|✅/);
      expect(first.private[0]?.fields ?? []).toEqual([]);
      const again = await h.as(lea).click('quiz.answer', [q!.id, '1']);
      expect(again.private[0]?.text).toContain('première réponse qui compte');
      expect(await testDb.db.answer.findFirstOrThrow()).toMatchObject({ choice: 0, attempts: 1 });
      await h.settle();
      const open = h.platform.find('1/2 + 1/4')[0]?.card;
      expect(open?.text).not.toContain('✅');

      await h.as(teacher).command('quiz close', { capsule: '1' });
      const closed = h.platform.find('1/2 + 1/4')[0]?.card;
      expect(closed?.text).toMatch(/3\/4 — 0 ✅/);
      expect(JSON.stringify(closed)).toContain('Même dénominateur.');
      expect(JSON.stringify(closed)).not.toContain('Léa');
    });

    it('holds every question for the teacher, who publishes or hides it', async () => {
      await publish();
      const capsule = await testDb.db.capsule.findFirstOrThrow();
      const set = await h.as(teacher).command('settings', { 'hold-questions': true });
      expect(JSON.stringify(set.private[0])).toContain('Questions validées par le professeur');
      const before = h.platform.channel.length;
      const sent = await h.as(lea).submit('question.askAnonymous', [capsule.id, 'anon'], {
        text: 'Pourquoi on ne peut pas additionner les dénominateurs ?',
      });
      expect(sent.private[0]?.text).toContain('Ton professeur la lit avant que la classe la voie');
      await h.as(hugo).submit('question.ask', [capsule.id, 'named'], { text: 'Une question méchante' });
      expect(h.platform.channel).toHaveLength(before); // the class sees nothing yet
      const note = h.platform.direct.get(teacher.platformUserId)?.at(-1);
      expect(note?.title).toBe('Une question attend ton accord');
      const pending = await testDb.db.studentQuestion.findMany({ orderBy: { createdAt: 'asc' } });
      expect(pending.map((q) => q.status)).toEqual(['pending', 'pending']);
      expect((await h.as(ines).click('question.upvote', [pending[0]!.id])).private[0]?.tone).toBe('error');

      const list = (await h.as(teacher).command('questions')).private[0];
      expect(list?.text).toContain('en attente de ton accord');
      expect(list?.controls?.[0]?.map((c) => (c.kind === 'button' ? c.label : ''))).toEqual([
        '1 : publier',
        '1 : masquer',
      ]);
      await h.as(teacher).click('question.mark', [pending[0]!.id, 'open']);
      await h.as(teacher).click('question.mark', [pending[1]!.id, 'hidden']);
      await h.settle();
      const posted = h.platform.channel.slice(before).map((m) => m.card);
      expect(posted.map((c) => c.title)).toEqual(['Question anonyme']);
      expect(JSON.stringify(posted)).not.toContain('Léa');
      expect(JSON.stringify(h.platform.channel)).not.toContain('méchante');
      expect((await h.as(ines).click('question.upvote', [pending[0]!.id])).private[0]?.tone).toBe('success');
      const stored = await testDb.db.studentQuestion.findUniqueOrThrow({ where: { id: pending[0]!.id } });
      expect(stored).toMatchObject({ status: 'open', authorId: null, upvotes: 1 });
    });

    it('stores review poll answers with no member and updates its counts as they arrive', async () => {
      await publish();
      await h.as(teacher).command('sequence close', { name: 'Fractions' });
      const poll = await testDb.db.quiz.findFirstOrThrow({
        where: { kind: 'review' },
        include: { questions: { orderBy: { position: 'asc' } } },
      });
      const [first] = poll.questions;
      for (const [s, choice] of [
        [lea, '0'],
        [hugo, '1'],
        [ines, '0'],
      ] as const) {
        const reply = await h.as(s).click('quiz.answer', [first!.id, choice]);
        expect(reply.private[0]?.tone).toBe('info');
      }
      // Léa changes her mind: still three ballots.
      await h.as(lea).click('quiz.answer', [first!.id, '2']);
      await h.settle();
      const card = h.platform.channel.find((m) => m.card.text?.includes(first!.prompt))?.card;
      expect(card?.fields?.[0]?.value).toContain('3 réponses');
      expect(await testDb.db.answer.count()).toBe(0);
      const ballots = await testDb.db.pollAnswer.findMany();
      expect(ballots.map((b) => b.choice).sort()).toEqual([0, 1, 2]);
      const members = await testDb.db.member.findMany();
      const stored = JSON.stringify(ballots);
      for (const m of members) {
        expect(stored).not.toContain(m.id);
        expect(stored).not.toContain(m.platformUserId === 's1' ? 'Léa' : m.displayName);
      }
      expect(Object.keys(ballots[0]!).sort()).toEqual(['ballotKey', 'choice', 'id', 'questionId']);
      // Léa's ballot on the next statement has a key of its own.
      await h.as(lea).click('quiz.answer', [poll.questions[1]!.id, '0']);
      const keys = (await testDb.db.pollAnswer.findMany()).map((b) => b.ballotKey);
      expect(new Set(keys).size).toBe(4);
    });
  });
}
