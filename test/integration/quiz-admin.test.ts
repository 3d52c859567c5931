// A capsule's quiz can be checked and fixed: replaced after a confirmation while nobody answered,
// only its texts fixed once students did, previewed privately, deleted before the first answer;
// GIFT feedback reaches the student who picked that answer. On SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const teacher = person('t1', 'Mme Martin');
const lea = person('s1', 'Léa');
const pgOk = await postgresAvailable();
const FIRST = '? 1/2 + 1/4 ?\n* 3/4\n- 2/6\n> Même dénominateur.\n\n? Et 1/3 + 1/3 ?\n* 2/3\n- 2/6';
const GIFT =
  "::Q1:: 1/2 + 1/4 = ? { ~2/6 #On n'additionne pas les dénominateurs. =3/4 ~1/3 ####Même dénominateur : 2/4 + 1/4. }";

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`quiz administration on ${provider.name}`, () => {
    let testDb: TestDb;
    let h: Harness;

    beforeEach(async () => {
      testDb = await provider.open();
      h = harness(testDb); // Monday 23 Nov 2026, 08:00 in Paris
      await h.as(teacher).command('setup', { name: '4e B' });
      await h.as(lea).command('help');
      await h.as(teacher).command('capsule schedule', {
        title: 'Fractions',
        url: 'https://v.example',
        publish: 'lundi 18h',
        session: 'mercredi 10h',
      });
      const created = await h.as(teacher).command('quiz create', { capsule: '1', text: FIRST });
      expect(created.private[0]?.tone).toBe('success');
    });
    afterEach(async () => testDb.close());

    const publish = async () => {
      h.clock.set(new Date('2026-11-23T17:00:00Z'));
      await h.settle();
    };

    it('asks before replacing a quiz nobody answered, then replaces it', async () => {
      const again = await h
        .as(teacher)
        .command('quiz create', { capsule: '1', text: '? Nouvelle ?\n* oui\n- non' });
      const ask = again.private[0];
      expect(ask?.text).toContain('déjà un quiz');
      expect(await testDb.db.quiz.count()).toBe(1);
      const replace = ask?.controls?.[0]?.find((c) => c.kind === 'button' && c.action === 'quiz.replace');
      if (replace?.kind !== 'button') throw new Error('no replace button');
      const done = await h.as(teacher).click('quiz.replace', replace.args ?? []);
      expect(done.private[0]?.tone).toBe('success');
      const quizzes = await testDb.db.quiz.findMany({ include: { questions: true } });
      expect(quizzes).toHaveLength(1);
      expect(quizzes[0]?.questions.map((q) => q.prompt)).toEqual(['Nouvelle ?']);
      // The confirmation is used once.
      const twice = await h.as(teacher).click('quiz.replace', replace.args ?? []);
      expect(twice.private[0]?.tone).toBe('error');
    });

    it('keeps the current quiz when the teacher says so, and lets no student confirm', async () => {
      const again = await h
        .as(teacher)
        .command('quiz create', { capsule: '1', text: '? Nouvelle ?\n* oui\n- non' });
      const draft = await testDb.db.quizDraft.findFirstOrThrow();
      const byStudent = await h.as(lea).click('quiz.replace', [draft.id]);
      expect(byStudent.private[0]?.tone).toBe('error');
      expect(again.private[0]?.controls).toBeDefined();
      await h.as(teacher).click('quiz.keep', [draft.id]);
      expect(await testDb.db.quizDraft.count()).toBe(0);
      const questions = await testDb.db.quizQuestion.findMany({ orderBy: { position: 'asc' } });
      expect(questions.map((q) => q.prompt)).toEqual(['1/2 + 1/4 ?', 'Et 1/3 + 1/3 ?']);
    });

    it('replaces a posted quiz: the old questions are withdrawn from the channel', async () => {
      await publish();
      await h.as(teacher).command('quiz create', { capsule: '1', text: '? Nouvelle ?\n* oui\n- non' });
      const draft = await testDb.db.quizDraft.findFirstOrThrow();
      await h.as(teacher).click('quiz.replace', [draft.id]);
      await h.settle();
      // Both questions shared one message: it says the quiz is withdrawn, once.
      expect(h.platform.find('retiré ce quiz')).toHaveLength(1);
      expect(h.platform.find('Nouvelle ?')[0]?.card.controls).toBeDefined();
    });

    it('once answered, takes only text fixes and says what else changed', async () => {
      await publish();
      const first = await testDb.db.quizQuestion.findFirstOrThrow({ where: { position: 0 } });
      await h.as(lea).click('quiz.answer', [first.id, '0']);
      const moved = FIRST.replace('* 3/4\n- 2/6', '- 3/4\n* 2/6');
      const refused = await h.as(teacher).command('quiz create', { capsule: '1', text: moved });
      expect(refused.private[0]?.tone).toBe('error');
      expect(refused.private[0]?.text).toContain('question 1');
      const fewer = await h
        .as(teacher)
        .command('quiz create', { capsule: '1', text: '? Une seule ?\n* a\n- b' });
      expect(fewer.private[0]?.text).toContain('1 question(s) au lieu de 2');
      expect(await testDb.db.quizDraft.count()).toBe(0);

      const typo = FIRST.replace('1/2 + 1/4 ?', 'Combien font 1/2 + 1/4 ?').replace(
        'Même dénominateur.',
        'Réduis au même dénominateur.',
      );
      const fixed = await h.as(teacher).command('quiz create', { capsule: '1', text: typo });
      expect(fixed.private[0]?.tone).toBe('success');
      expect(await testDb.db.quiz.count()).toBe(1);
      expect(await testDb.db.answer.count()).toBe(1);
      const after = await testDb.db.quizQuestion.findUniqueOrThrow({ where: { id: first.id } });
      expect(after.prompt).toBe('Combien font 1/2 + 1/4 ?');
      expect(after.explanation).toBe('Réduis au même dénominateur.');
      await h.settle();
      expect(h.platform.find('Combien font 1/2 + 1/4 ?')).toHaveLength(1);
      const deleted = await h.as(teacher).command('quiz delete', { capsule: '1' });
      expect(deleted.private[0]?.tone).toBe('error');
      expect(await testDb.db.quiz.count()).toBe(1);

      // After closing, a fixed explanation still reaches the closed cards in the channel.
      await h.as(teacher).command('quiz close', { capsule: '1' });
      await h.as(teacher).command('quiz create', { capsule: '1', text: typo.replace('Réduis', 'Mets') });
      const closed = h.platform.find('Combien font 1/2 + 1/4 ?')[0]?.card;
      expect(closed?.fields).toContainEqual({
        label: 'Explication — 1',
        value: 'Mets au même dénominateur.',
      });
      expect(closed?.controls).toBeUndefined();
    });

    it('shows the teacher the quiz privately, right answers and explanations marked', async () => {
      const shown = await h.as(teacher).command('quiz show', { capsule: '1' });
      expect(shown.public).toHaveLength(0);
      expect(shown.private).toHaveLength(3);
      expect(shown.private[0]?.text).toContain('Aucun élève');
      expect(shown.private[1]?.text).toContain('**A.** 3/4 ✅');
      expect(shown.private[1]?.text).toMatch(/\*\*B\.\*\* 2\/6$/);
      expect(shown.private[1]?.fields).toContainEqual({ label: 'Explication', value: 'Même dénominateur.' });
      expect(shown.private[1]?.controls).toBeUndefined();
      const byStudent = await h.as(lea).command('quiz show', { capsule: '1' });
      expect(byStudent.private[0]?.tone).toBe('error');
    });

    it('deletes a quiz before the first answer, and the capsule card loses its quiz button', async () => {
      await publish();
      const card = h.platform.find('Fractions')[0];
      expect(JSON.stringify(card?.card.controls)).toContain('quiz.take');
      const deleted = await h.as(teacher).command('quiz delete', { capsule: '1' });
      expect(deleted.private[0]?.tone).toBe('success');
      expect(await testDb.db.quiz.count()).toBe(0);
      // Both questions shared one message: it says the quiz is withdrawn, once.
      expect(h.platform.find('retiré ce quiz')).toHaveLength(1);
      expect(JSON.stringify(h.platform.find('Fractions')[0]?.card.controls)).not.toContain('quiz.take');
      const none = await h.as(teacher).command('quiz show', { capsule: '1' });
      expect(none.private[0]?.text).toContain("n'a pas de quiz");
    });

    it('gives the student the feedback written for the answer picked, and the general feedback', async () => {
      await h.as(teacher).command('quiz delete', { capsule: '1' });
      await h.as(teacher).command('quiz create', { capsule: '1', text: GIFT });
      await publish();
      const question = await testDb.db.quizQuestion.findFirstOrThrow();
      const wrong = await h.as(lea).click('quiz.answer', [question.id, '0']);
      expect(wrong.private[0]?.fields).toEqual([
        { label: 'Sur ta réponse', value: "On n'additionne pas les dénominateurs." },
        { label: 'Explication', value: 'Même dénominateur : 2/4 + 1/4.' },
      ]);
      const shown = await h.as(teacher).command('quiz show', { capsule: '1' });
      expect(shown.private[1]?.fields?.[0]).toEqual({
        label: "Si l'élève répond A",
        value: "On n'additionne pas les dénominateurs.",
      });
    });
  });
}
