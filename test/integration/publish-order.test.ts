// Two capsules published at the same moment: each capsule's card is followed by its own quiz
// questions, in order, never interleaved with the other capsule's. On SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const teacher = person('t1', 'Mme Martin');
const pgOk = await postgresAvailable();

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`publication order on ${provider.name}`, () => {
    let testDb: TestDb;
    let h: Harness;

    beforeEach(async () => {
      testDb = await provider.open();
      h = harness(testDb); // Monday 23 Nov 2026, 08:00 in Paris
      await h.as(teacher).command('setup', { name: '4e B' });
    });
    afterEach(async () => testDb.close());

    it('keeps each capsule and its questions together', async () => {
      for (const title of ['Fractions', 'Volumes', 'Angles']) {
        await h.as(teacher).command('capsule schedule', {
          title,
          url: 'https://v.example',
          publish: 'lundi 18h',
          session: 'mercredi 10h',
        });
        const number = await testDb.db.capsule.count();
        const text = [1, 2, 3].map((n) => `? ${title} Q${n} ?\n* oui\n- non`).join('\n\n');
        await h.as(teacher).command('quiz create', { capsule: String(number), text });
      }
      const before = h.platform.channel.length; // the class's welcome message
      h.clock.set(new Date('2026-11-23T17:00:00Z'));
      await h.settle();
      const messages = h.platform.channel.slice(before);
      const posted = messages.map((m) => m.card.title ?? m.card.text ?? '');
      expect(posted).toHaveLength(6); // per capsule: its card, then its quiz (three questions, one message)
      const owner = posted.map((text) => ['Fractions', 'Volumes', 'Angles'].find((t) => text.includes(t)));
      // Runs of the same capsule: exactly three, one per capsule, each card then its quiz: Q1, Q2, Q3.
      const runs = owner.filter((o, i) => i === 0 || owner[i - 1] !== o);
      expect(runs).toHaveLength(3);
      for (let start = 0; start < 6; start += 2) {
        const quiz = messages[start + 1]?.card.text ?? '';
        expect([...quiz.matchAll(/Q(\d)/g)].map((m) => m[1])).toEqual(['1', '2', '3']);
      }
    });
  });
}
