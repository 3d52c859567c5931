// The first answer to each quiz question is the one that counts, everywhere a score is shown;
// trying again is practice the student is told about and the teacher sees. On SQLite and
// PostgreSQL, through the real core.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capsulePage } from '../../src/reports/dashboard/pages/capsule-page.ts';
import { ensureDigestPlans, type ReportsFeature, reportsFeature } from '../../src/reports/index.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness } from '../support/harness.ts';
import { type CycleFixture, cycleFixture, hugo, lea, teacher } from './reports-fixture.ts';

const pgOk = await postgresAvailable();

/** Everything that shows a score or a mistake, as the teacher and a parent read it. */
async function scoreViews(h: Harness, classId: string) {
  const brief = (await h.as(teacher).command('brief', { capsule: '1' })).private[0]?.text ?? '';
  const groups = (await h.as(teacher).command('groups', { capsule: '1', size: 2 })).private[0]?.text ?? '';
  const table = (await h.as(teacher).command('progress')).private[0]?.text ?? '';
  const csv = (await h.as(teacher).command('progress', { csv: true })).private[0]?.text ?? '';
  const digest =
    (await h.as(teacher).command('digest preview', { email: 'hugo.parent@example.fr' })).private[0]?.text ??
    '';
  const t = h.services.deps.i18n.t('fr');
  const dashboard = (await capsulePage(h.services.deps.db, classId, 1, 2, t, '/d')) ?? '';
  return { brief, groups, table, csv, digest, dashboard };
}

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`first answer counts on ${provider.name}`, () => {
    let testDb: TestDb;
    let h: Harness;
    let reports: ReportsFeature;
    let f: CycleFixture;

    beforeEach(async () => {
      testDb = await provider.open();
      reports = reportsFeature({ mailer: null });
      h = harness(testDb, undefined, [reports]);
      f = await cycleFixture(h);
      await h.as(teacher).command('guardian add', {
        student: 'Hugo',
        email: 'hugo.parent@example.fr',
        language: 'fr',
      });
      await ensureDigestPlans(reports.kit);
    });
    afterEach(async () => testDb.close());

    it('keeps the first answer in every score after the student clicks the right one', async () => {
      const klass = await testDb.db.class.findFirstOrThrow();
      const before = await scoreViews(h, klass.id);
      expect(before.brief).toContain('erreur la plus fréquente : « 2/6 » (1)');
      expect(before.groups).toContain('Hugo (50 %)');
      expect(before.table).toContain('**Hugo** — regardées 0/1 · score au quiz 50 %');
      expect(before.csv).toMatch(/Hugo;1;.*;2;2;1;50;0;0/);
      expect(before.digest).toContain('Hugo');

      // Hugo chose 2/6 (wrong), was told 3/4, and clicks it.
      const retry = await h.as(hugo).click('quiz.answer', [f.q1.id, '1']);
      const feedback = retry.private[0];
      expect(feedback?.text).toMatch(/practice/i); // Hugo reads English
      expect(feedback?.text).toContain('first answer');
      expect(feedback?.text).not.toContain('changed');
      await h.settle();

      const after = await scoreViews(h, klass.id);
      expect(after.brief).toContain('erreur la plus fréquente : « 2/6 » (1)');
      expect(after.brief).toContain('50 % de bonnes réponses (2 réponses)');
      expect(after.groups).toBe(before.groups);
      expect(after.table).toBe(before.table);
      // The CSV keeps the first answer's score and gains "right later" in its last column.
      expect(after.csv).toMatch(/Hugo;1;.*;2;2;1;50;0;1/);
      const hugoLine = (await h.as(teacher).command('progress', { user: 'Hugo' })).private[0]?.text;
      expect(hugoLine).toContain('50 % · 1 trouvée ensuite (entraînement)');
      expect(after.digest).toBe(before.digest);
      expect(after.dashboard).toContain('<td class="num">50 %</td>');
      // The channel tally counts first answers too: still one 2/6 and one 3/4.
      const card = h.platform.channel.find((m) => m.card.title?.startsWith('Quiz —'))?.card;
      expect(card?.text).toMatch(/2\/6 — 1/);
      expect(card?.text).toMatch(/3\/4 — 1/);
      // The teacher sees that Hugo got there later.
      expect(after.brief).toContain('1 a trouvé ensuite');
      const row = await testDb.db.answer.findFirstOrThrow({ where: { questionId: f.q1.id, choice: 0 } });
      expect(row).toMatchObject({ choice: 0, lastChoice: 1, attempts: 2 });
    });

    it('keeps practice out of the tally and the scores even after many clicks', async () => {
      for (const choice of ['2', '1', '0', '1']) await h.as(lea).click('quiz.answer', [f.q1.id, choice]);
      await h.settle();
      const table = (await h.as(teacher).command('progress')).private[0]?.text ?? '';
      expect(table).toContain('**Léa** — regardées 1/1 · score au quiz 100 %');
      const stored = await testDb.db.answer.findFirstOrThrow({
        where: { questionId: f.q1.id, member: { displayName: 'Léa' } },
      });
      expect(stored).toMatchObject({ choice: 1, lastChoice: 1, attempts: 5 });
      expect(lea).toBeTruthy();
    });
  });
}
