// /privacy delete on SQLite and PostgreSQL: a confirmation first (nothing goes before the click),
// then everything about the student goes: their member row, answers, views, named questions, the
// parent who had no other child here, codes issued for them, audit rows naming them, jobs of the
// removed parent. Their named question's card in the channel is edited to drop their name; their
// anonymous question and their vote stay (counts unchanged) but keep no hash derived from them.
// The proof reads every row of every table for the student's id, platform id, name, e-mail of
// their parent and keyed hash.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDigestPlans, type ReportsFeature, reportsFeature } from '../../src/reports/index.ts';
import { scopedKey } from '../../src/services/hashing.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { findEverywhere } from '../support/db-scan.ts';
import { type Harness, harness } from '../support/harness.ts';
import { type CycleFixture, cycleFixture, hugo, lea, teacher } from './reports-fixture.ts';

const pgOk = await postgresAvailable();

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`/privacy delete, on ${provider.name}`, () => {
    let testDb: TestDb;
    let h: Harness;
    let reports: ReportsFeature;
    let f: CycleFixture;

    beforeEach(async () => {
      testDb = await provider.open();
      reports = reportsFeature({ mailer: null });
      h = harness(testDb, undefined, [reports]);
      f = await cycleFixture(h);
      const db = testDb.db;
      // Hugo also watches, asks by name and upvotes Léa's question; two parents: one his alone,
      // one shared with Inès (siblings), who must stay for Inès.
      await h.as(hugo).click('capsule.watched', [f.capsule.id]);
      await h.as(hugo).submit('question.ask', [f.capsule.id, 'named'], { text: 'Hugo asks: and with 1/3?' });
      const leas = await db.studentQuestion.findFirstOrThrow({
        where: { text: 'Et avec trois fractions ?' },
      });
      await h.as(hugo).click('question.upvote', [leas.id]);
      await h.as(teacher).command('guardian import', {
        csv: 'Hugo,hugo.parent@example.com,en\nHugo,family@example.fr,fr\nInès,family@example.fr,fr',
      });
      await h.as(teacher).command('guardian link', { student: 'Hugo' });
      await ensureDigestPlans(reports.kit);
      h.clock.set(new Date('2026-11-29T17:00:00Z')); // Sunday 18:00: the digests go out
      await h.settle();
    });
    afterEach(async () => testDb.close());

    it('asks first, then leaves no row naming or pointing at the student', async () => {
      const db = testDb.db;
      const member = await db.member.findFirstOrThrow({ where: { platformUserId: hugo.platformUserId } });
      const named = await db.studentQuestion.findFirstOrThrow({ where: { authorId: member.id } });
      const anonymous = await db.studentQuestion.findFirstOrThrow({ where: { anonymous: true } });
      const parent = await db.guardian.findUniqueOrThrow({ where: { email: 'hugo.parent@example.com' } });
      expect(await db.job.count({ where: { payload: { contains: parent.id } } })).toBe(1);
      expect(await db.oneTimeToken.count({ where: { subjectId: member.id } })).toBe(1);
      const leas = await db.studentQuestion.findFirstOrThrow({
        where: { text: 'Et avec trois fractions ?' },
      });
      expect(leas.upvotes).toBe(1);
      // His vote on Léa's question is kept under a key made from him for that question.
      const hash = scopedKey('test-secret', 'vote', leas.id, member.id);
      expect(await db.questionVote.count({ where: { voterHash: hash } })).toBe(1);

      // The scan finds him before (so an empty result afterwards means something).
      const before = await findEverywhere(db, [member.id, hash, parent.id, 'Hugo']);
      expect(new Set(before.map((hit) => hit.model))).toEqual(
        new Set([
          'Member',
          'Answer',
          'CapsuleView',
          'StudentQuestion',
          'QuestionVote',
          'Guardian',
          'GuardianLink',
          'Job',
          'OneTimeToken',
        ]),
      );

      // The command only asks: with the counts, and a danger button.
      const asked = await h.as(teacher).command('privacy delete', { user: 'hugo' });
      const card = asked.private[0];
      expect(card?.title).toBe('Tout supprimer sur Hugo ?');
      expect(card?.text).toContain('2 réponses');
      expect(card?.text).toContain('1 questions');
      const [confirm, keep] = card?.controls?.[0] ?? [];
      expect(confirm).toMatchObject({
        kind: 'button',
        action: 'privacy.delete',
        args: [member.id],
        style: 'danger',
      });
      expect(keep).toMatchObject({ kind: 'button', action: 'privacy.keep' });
      expect(await db.member.count({ where: { id: member.id } })).toBe(1);

      // A student cannot press it; keeping changes nothing.
      const refused = await h.as(lea).click('privacy.delete', [member.id]);
      expect(refused.private[0]?.tone).toBe('error');
      const kept = await h.as(teacher).click('privacy.keep', []);
      expect(kept.updated[0]?.text).toBe("Rien n'a été supprimé.");
      expect(await db.member.count({ where: { id: member.id } })).toBe(1);

      const done = await h.as(teacher).click('privacy.delete', [member.id]);
      expect(done.updated[0]?.text).toBe(
        'Hugo et toutes ses données ont été supprimés de cette classe (2 réponses, 1 questions, 1 parents).',
      );

      // Nothing anywhere: ids, platform id, name, the parent he alone had, his keyed hash.
      const hits = await findEverywhere(db, [member.id, hash, parent.id, 'hugo.parent@example.com', 'Hugo']);
      expect(hits).toEqual([]);
      expect(await db.member.count({ where: { platformUserId: hugo.platformUserId } })).toBe(0);
      const names = (await db.member.findMany()).map((m) => m.displayName);
      expect(names).not.toContain('Hugo');
      expect(await db.oneTimeToken.count()).toBe(0);

      // What is not his stays: Léa's question keeps its vote, his anonymous question stays,
      // unlinked; the shared parent stays for Inès.
      expect((await db.studentQuestion.findUniqueOrThrow({ where: { id: leas.id } })).upvotes).toBe(1);
      const still = await db.studentQuestion.findUniqueOrThrow({ where: { id: anonymous.id } });
      expect(still.anonymous).toBe(true);
      expect(still.text).toBe('Pourquoi le même dénominateur ?');
      const family = await db.guardian.findUniqueOrThrow({
        where: { email: 'family@example.fr' },
        include: { links: { include: { member: true } } },
      });
      expect(family.links.map((l) => l.member.displayName)).toEqual(['Inès']);

      // In the channel, his named question no longer shows his name (nor its text).
      const posted = h.platform.channel.find((m) => m.versions.some((v) => v.title?.includes('Hugo')));
      expect(posted?.card).toEqual({
        text: 'Cette question a été retirée avec les données de son auteur.',
        tone: 'info',
      });
      expect(posted?.versions.at(0)?.text).toBe(named.text);

      // The audit says a deletion happened, in counts only.
      const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'privacy.delete' } });
      expect(JSON.parse(audit.details)).toEqual({ answers: 2, views: 1, questions: 1, guardians: 1 });

      // Pressing again tells the teacher it is already done, and changes nothing.
      const again = await h.as(teacher).click('privacy.delete', [member.id]);
      expect(again.private[0]?.text).toBe(
        "Ce membre n'est plus dans la classe : il n'y a plus rien à supprimer.",
      );
    });

    it('edits the name away later when the platform is down at the time of the deletion', async () => {
      const db = testDb.db;
      const member = await db.member.findFirstOrThrow({ where: { platformUserId: hugo.platformUserId } });
      const named = await db.studentQuestion.findFirstOrThrow({ where: { authorId: member.id } });
      const ref = JSON.parse(named.messageRef ?? '{}').messageId as string;
      const card = () => h.platform.channel.find((m) => m.ref.messageId === ref)?.card;
      h.services.deps.platforms.setStarted('sandbox', false);
      await h.as(teacher).click('privacy.delete', [member.id]);
      expect(await db.member.count({ where: { id: member.id } })).toBe(0); // the data went at once
      expect(card()?.title).toContain('Hugo'); // the message could not be edited yet
      const job = await db.job.findFirstOrThrow({ where: { kind: 'privacy.scrub' } });
      expect(job.payload).not.toContain(member.id);

      h.clock.advance(61_000);
      await h.settle(); // still down: it waits, its tries untouched
      expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
        state: 'pending',
        attempts: 0,
      });
      h.services.deps.platforms.setStarted('sandbox', true);
      h.clock.advance(10 * 60_000);
      await h.settle();
      expect(card()).toEqual({
        text: 'Cette question a été retirée avec les données de son auteur.',
        tone: 'info',
      });
      expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).state).toBe('done');
    });

    it('refuses a teacher deleting themselves, and names no one who is not there', async () => {
      const self = await h.as(teacher).command('privacy delete', { user: 'Mme Martin' });
      expect(self.private[0]?.text).toContain('vous supprimer vous-même');
      const nobody = await h.as(teacher).command('privacy delete', { user: 'Zoé' });
      expect(nobody.private[0]?.tone).toBe('error');
      expect(nobody.private[0]?.text).toContain('Zoé');
      const student = await h.as(lea).command('privacy delete', { user: 'Hugo' });
      expect(student.private[0]?.tone).toBe('error');
      expect(await testDb.db.member.count()).toBe(4);
    });
  });
}
