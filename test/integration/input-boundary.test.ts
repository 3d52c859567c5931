// Hostile but ordinary input (issue 12, defects 6 and 8), on SQLite and PostgreSQL: numbers beyond
// the integer column, U+0000 and lone surrogates in typed text, a roster line with a broken
// character, a parent shared by two classes, and who becomes a student by acting in the channel.
// Each gets a translated answer and leaves the stored data as it was.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/card.ts';
import type { Reply } from '../../src/core/commands.ts';
import type { Actor, Args, Place } from '../../src/core/events.ts';
import { reportsFeature } from '../../src/reports/index.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';
import { cycleFixture, lea, teacher } from './reports-fixture.ts';

const pgOk = await postgresAvailable();
const otherRoom: Place = { platform: 'sandbox', workspaceId: 'school', channelId: 'class-3a' };
const otherTeacher = person('t2', 'M. Durand');

/** Runs a command in another channel of the same workspace; returns the private answers. */
async function commandAt(
  h: Harness,
  place: Place,
  actor: Actor,
  command: string,
  args: Args,
): Promise<Card[]> {
  const answers: Card[] = [];
  const reply: Reply = {
    async private(card) {
      answers.push(typeof card === 'string' ? { text: card } : card);
    },
    public: (card) => h.platform.post(place, typeof card === 'string' ? { text: card } : card),
    async openForm() {},
  };
  await h.dispatcher.handle({ type: 'command', command, args }, { actor, place, reply });
  return answers;
}

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`input at the boundary on ${provider.name}`, () => {
    let testDb: TestDb;
    let h: Harness;

    beforeEach(async () => {
      testDb = await provider.open();
      h = harness(testDb, undefined, [reportsFeature({ mailer: null })]);
      await cycleFixture(h);
    });
    afterEach(async () => testDb.close());

    it('answers capsule numbers beyond the integer range with "no such capsule"', async () => {
      for (const capsule of ['99999999999999999999', '2147483648', '#2147483648']) {
        const answer = await h.as(teacher).command('quiz close', { capsule });
        expect(answer.private[0]?.tone).toBe('error');
        expect(answer.private[0]?.text).toContain('capsule');
        expect(answer.private[0]?.text).not.toMatch(/[0-9a-f]{8}\b.*code|code.*:/i);
      }
      const quiz = await testDb.db.quiz.findFirstOrThrow();
      expect(quiz.closedAt).toBeNull();
    });

    it('refuses U+0000 and lone surrogates in typed text, in the field named, storing nothing', async () => {
      const before = await testDb.db.studentQuestion.count();
      const nul = await h.as(lea).command('ask', { text: 'Pourquoi\u0000 ?' });
      expect(nul.private[0]?.text).toBe(
        '« text » contient des caractères qui ne peuvent pas être enregistrés (un caractère de contrôle invisible ou un symbole cassé) : à retaper sans eux.',
      );
      const surrogate = await h
        .as(lea)
        .submit('question.ask', ['', 'named'], { text: 'Ligne 1\nmot \uD83D cassé' });
      expect(surrogate.private[0]?.text).toContain('ligne 2');
      const title = await h.as(teacher).command('capsule edit', { capsule: '1', title: 'Fractions \uDC00' });
      expect(title.private[0]?.tone).toBe('error');
      expect(await testDb.db.studentQuestion.count()).toBe(before);
      expect((await testDb.db.capsule.findFirstOrThrow()).title).toBe('Additionner des fractions');
    });

    it('stores typed text composed (NFC) and without control characters', async () => {
      const asked = await h.as(lea).command('ask', { text: 'Pourquoi e\u0301gal\u0007 ?\tVraiment\u001B' });
      expect(asked.private[0]?.tone).not.toBe('error');
      const stored = await testDb.db.studentQuestion.findMany({ where: { text: { contains: 'Vraiment' } } });
      expect(stored.map((q) => q.text)).toEqual(['Pourquoi égal ?\tVraiment']);
    });

    it('refuses a roster line holding a lone surrogate, by its number, and stores nothing', async () => {
      const csv = 'Léa,lea.parent@example.fr,fr\nHugo,hugo\uD800@example.fr,en';
      const answer = await h.as(teacher).command('guardian import', { csv });
      expect(answer.private[0]?.tone).toBe('error');
      expect(answer.private[0]?.text).toContain('ligne 2');
      expect(await testDb.db.guardian.count()).toBe(0);
    });

    it("keeps a shared parent's language when a teacher of another class adds them again", async () => {
      await h
        .as(teacher)
        .command('guardian add', { student: 'Léa', email: 'famille@example.fr', language: 'fr' });
      await commandAt(h, otherRoom, otherTeacher, 'setup', { name: '3e A' });
      await commandAt(h, otherRoom, person('s9', 'Zoé'), 'help', {});
      const answers = await commandAt(h, otherRoom, otherTeacher, 'guardian add', {
        student: 'Zoé',
        email: 'famille@example.fr',
        language: 'en',
      });
      expect(answers.map((a) => a.text).join('\n')).toContain('sa langue reste « fr »');
      const guardian = await testDb.db.guardian.findUniqueOrThrow({ where: { email: 'famille@example.fr' } });
      expect(guardian.language).toBe('fr');
      expect(await testDb.db.guardianLink.count({ where: { guardianId: guardian.id } })).toBe(2);
    });

    it('makes nobody a student for a teacher command, nor a linked parent for anything', async () => {
      const stranger = person('x1', 'Quelqu’un');
      const refused = await h.as(stranger).command('capsule cancel', { capsule: '1' });
      expect(refused.private[0]?.tone).toBe('error');
      expect(await testDb.db.member.count({ where: { platformUserId: 'x1' } })).toBe(0);

      const made = await h.as(teacher).command('guardian link', { student: 'Léa' });
      const code = /\*\*([A-Z0-9]{5}-[A-Z0-9]{5})\*\*/.exec(made.private[0]?.text ?? '')?.[1] ?? '';
      const parent = person('p9', 'Papa de Léa');
      await h.as(parent).command('guardian code', { code });
      await h.as(parent).command('help');
      const asked = await h.as(parent).command('ask', { text: 'Je peux poser une question ?' });
      expect(asked.private[0]?.tone).toBe('error');
      const capsule = await testDb.db.capsule.findFirstOrThrow();
      await h.as(parent).click('capsule.watched', [capsule.id]);
      expect(await testDb.db.member.count({ where: { platformUserId: 'p9' } })).toBe(0);
    });
  });
}
