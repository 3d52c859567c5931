// Targeted review (issue 14 §2), through the real core and the bot's HTTP server, on SQLite and
// PostgreSQL: a wrong answer carrying a review resource gets "watch again from 2:13" with the bot's
// signed link and a "try again"; practice never moves the first answer; the link redirects (302)
// to the timestamped video and records the first click only; a forged link is a 404 that records
// nothing; the brief lists who was sent where and who watched again; export, deletion and the
// retention purge cover the new rows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardControl } from '../../src/core/card.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createHttpServer, type HttpServer } from '../../src/http/index.ts';
import { capsulePage } from '../../src/reports/dashboard/pages/capsule-page.ts';
import { reportsFeature } from '../../src/reports/index.ts';
import { mountReviewLinks } from '../../src/reports/review-route.ts';
import { sign } from '../../src/services/hashing.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const pgOk = await postgresAvailable();
const teacher = person('t1', 'Mme Martin');
const lea = person('s1', 'Léa');
const hugo = person('s2', 'Hugo', 'en-GB');
const ines = person('s3', 'Inès');

const video = 'https://tube.example/w/8kKXW5tPoM1SLMTzWfqrs5';
const quizText = `? 1/2 + 1/4 = ?
-> @2:13
- 2/6
-> https://www.youtube.com/watch?v=fractions @1:05
* 3/4
- 1/3
> Même dénominateur : 2/4 + 1/4.

? Which is bigger?
* 2/3
- 3/5`;

const links = (controls: CardControl[][] | undefined) =>
  (controls ?? []).flat().flatMap((c) => (c.kind === 'link' ? [c] : []));
const buttons = (controls: CardControl[][] | undefined) =>
  (controls ?? []).flat().flatMap((c) => (c.kind === 'button' ? [c] : []));

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`targeted review on ${provider.name}`, () => {
    let testDb: TestDb;
    let h: Harness;
    let http: HttpServer;
    let base: string;
    let q1: string;
    let q2: string;

    /** Follows a tracked link on the test server, without following the redirect. */
    const follow = (url: string) => fetch(url.replace('http://localhost:3000', base), { redirect: 'manual' });

    beforeEach(async () => {
      testDb = await provider.open();
      h = harness(testDb, undefined, [reportsFeature({ mailer: null })]);
      http = createHttpServer({ logger: silentLogger });
      mountReviewLinks(http, h.services);
      base = `http://127.0.0.1:${(await http.listen(0)).port}`;
      await h.as(teacher).command('setup', { name: '4e B', level: 'college' });
      for (const student of [lea, hugo, ines]) await h.as(student).command('help');
      await h.as(teacher).command('capsule schedule', {
        title: 'Additionner des fractions',
        url: video,
        publish: 'lundi 18h',
        session: 'jeudi 10h',
        minutes: 8,
      });
      const made = await h.as(teacher).command('quiz create', { capsule: '1', text: quizText });
      expect(made.private[0]?.tone).not.toBe('error');
      h.clock.set(new Date('2026-11-23T17:00:00Z'));
      await h.settle();
      const questions = await testDb.db.quizQuestion.findMany({ orderBy: { position: 'asc' } });
      q1 = questions[0]?.id ?? '';
      q2 = questions[1]?.id ?? '';
    });
    afterEach(async () => {
      await http.close();
      await testDb.close();
    });

    it('stores the review resources of the quiz text', async () => {
      const row = await testDb.db.quizQuestion.findUniqueOrThrow({ where: { id: q1 } });
      expect(JSON.parse(row.review ?? 'null')).toEqual({
        question: { url: null, at: 133 },
        options: [{ url: 'https://www.youtube.com/watch?v=fractions', at: 65 }, null, null],
      });
      const other = await testDb.db.quizQuestion.findUniqueOrThrow({ where: { id: q2 } });
      expect(other.review).toBeNull();
      // The teacher's preview shows where each wrong answer sends, as the link students will open.
      const preview = (await h.as(teacher).command('quiz show', { capsule: '1' })).private;
      expect(preview[1]?.fields).toEqual(
        expect.arrayContaining([
          { label: 'Renvoi vers une révision (mauvaise réponse)', value: `${video}?start=2m13s` },
          {
            label: 'Renvoi vers une révision (A)',
            value: 'https://www.youtube.com/watch?v=fractions&t=65s',
          },
        ]),
      );
    });

    it('sends a wrong answer back to review, lets the student retry, and keeps the first answer', async () => {
      const wrong = await h.as(lea).click('quiz.answer', [q1, '2']);
      const card = wrong.private[0];
      expect(card?.text).toContain('Pas tout à fait : tu as répondu C. 1/3.');
      expect(card?.text).toContain('Revois la vidéo à partir de 2:13, puis réessaie.');
      // The right answer and the explanation wait for the retry, so that it is worth doing.
      expect(card?.text).not.toContain('3/4');
      expect(JSON.stringify(card?.fields ?? [])).not.toContain('dénominateur');
      const [link] = links(card?.controls);
      expect(link?.label).toBe('▶️ Revoir à partir de 2:13');
      expect(link?.url).toMatch(/^http:\/\/localhost:3000\/r\/[0-9a-f-]{36}\.[\w-]{43}$/);
      // The link names neither the student nor the question.
      const member = await testDb.db.member.findFirstOrThrow({ where: { platformUserId: 's1' } });
      expect(link?.url).not.toContain(member.id);
      expect(link?.url).not.toContain(q1);
      const [retry, ...next] = buttons(card?.controls);
      expect(retry).toMatchObject({ action: 'quiz.retry', args: [q1], label: '🔁 Réessayer' });
      // The next question is still offered.
      expect(next.map((b) => b.args[0])).toContain(q2);

      // "Try again" shows the question once more, privately; the right answer is then practice.
      const again = await h.as(lea).click('quiz.retry', [q1]);
      expect(again.private[0]?.text).toBe('1/2 + 1/4 = ?');
      expect(again.private[0]?.footer).toContain('première réponse reste celle qui compte');
      expect(buttons(again.private[0]?.controls).map((b) => b.args)).toEqual([
        [q1, '0'],
        [q1, '1'],
        [q1, '2'],
      ]);
      const practice = await h.as(lea).click('quiz.answer', [q1, '1']);
      expect(practice.private[0]?.text).toContain('Entraînement');
      expect(practice.private[0]?.text).toContain('Bonne réponse');
      // A wrong practice try sends back to the same resource: still one row.
      await h.as(lea).click('quiz.answer', [q1, '2']);
      const stored = await testDb.db.answer.findFirstOrThrow({
        where: { questionId: q1, memberId: member.id },
      });
      expect(stored).toMatchObject({ choice: 2, lastChoice: 2, attempts: 3 });
      expect(await testDb.db.reviewVisit.count({ where: { memberId: member.id } })).toBe(1);
      await h.settle();
      const brief = (await h.as(teacher).command('brief', { capsule: '1' })).private[0]?.text ?? '';
      expect(brief).toContain('0 % de bonnes réponses (1 réponse)');
    });

    it('sends to the option’s own resource first, in the student’s language', async () => {
      const card = (await h.as(hugo).click('quiz.answer', [q1, '0'])).private[0];
      expect(card?.text).toContain('Watch the video again from 1:05, then try again.');
      expect(links(card?.controls)[0]?.label).toBe('▶️ Watch again from 1:05');
      const row = await testDb.db.reviewVisit.findFirstOrThrow();
      expect(row.target).toBe(0);
      // A right answer, and a question without review, send nobody anywhere.
      await h.as(lea).click('quiz.answer', [q1, '1']);
      const noReview = (await h.as(lea).click('quiz.answer', [q2, '1'])).private[0];
      expect(noReview?.text).toContain('La bonne réponse : A. 2/3');
      expect(links(noReview?.controls)).toEqual([]);
      expect(await testDb.db.reviewVisit.count()).toBe(1);
    });

    it('redirects the signed link to the video at the moment and counts the first click only', async () => {
      const leaLink =
        links((await h.as(lea).click('quiz.answer', [q1, '2'])).private[0]?.controls)[0]?.url ?? '';
      const hugoLink =
        links((await h.as(hugo).click('quiz.answer', [q1, '0'])).private[0]?.controls)[0]?.url ?? '';

      h.clock.set(new Date('2026-11-23T18:00:00Z'));
      const first = await follow(leaLink);
      expect(first.status).toBe(302);
      expect(first.headers.get('location')).toBe(`${video}?start=2m13s`);
      expect(first.headers.get('cache-control')).toBe('no-store');
      const youtube = await follow(hugoLink);
      expect(youtube.headers.get('location')).toBe('https://www.youtube.com/watch?v=fractions&t=65s');

      h.clock.set(new Date('2026-11-24T18:00:00Z'));
      expect((await follow(leaLink)).status).toBe(302);
      const lea1 = await testDb.db.reviewVisit.findFirstOrThrow({ where: { target: -1 } });
      expect(lea1.clickedAt?.toISOString()).toBe('2026-11-23T18:00:00.000Z');
      expect(await testDb.db.reviewVisit.count()).toBe(2);
    });

    it('answers a forged or unknown link with a 404 and records nothing', async () => {
      const url = links((await h.as(lea).click('quiz.answer', [q1, '2'])).private[0]?.controls)[0]?.url ?? '';
      const row = await testDb.db.reviewVisit.findFirstOrThrow();
      const forged = [
        url.replace(/\.[\w-]+$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
        url.replace(/\.[\w-]+$/, ''),
        `${base}/r/${row.id}`,
        `${base}/r/`,
        // Well signed (with the bot's secret) but for a row that does not exist.
        `${base}/r/00000000-0000-4000-8000-000000000000.${sign('test-secret', 'review:00000000-0000-4000-8000-000000000000')}`,
      ];
      for (const link of forged) {
        const res = await follow(link);
        expect(res.status, link).toBe(404);
        expect(res.headers.get('location')).toBeNull();
      }
      expect((await testDb.db.reviewVisit.findFirstOrThrow()).clickedAt).toBeNull();
    });

    it('lists in the brief who was sent where and who watched again', async () => {
      const leaLink =
        links((await h.as(lea).click('quiz.answer', [q1, '2'])).private[0]?.controls)[0]?.url ?? '';
      await h.as(hugo).click('quiz.answer', [q1, '0']);
      await h.as(ines).click('quiz.answer', [q1, '2']);
      await follow(leaLink);
      const brief = (await h.as(teacher).command('brief', { capsule: '1' })).private[0]?.text ?? '';
      expect(brief).toContain('**Renvoyés vers une révision**');
      expect(brief).toContain(`Q1 → [la vidéo de la capsule à 2:13](${video}?start=2m13s) : Inès, Léa ✅`);
      expect(brief).toContain(
        'Q1 · A → [www.youtube.com/watch à 1:05](https://www.youtube.com/watch?v=fractions&t=65s) : Hugo',
      );
      expect(brief).toContain('✅ = a ouvert le lien pour revoir.');
      // The dashboard's capsule page shows the same section.
      const klass = await testDb.db.class.findFirstOrThrow();
      const page = (await capsulePage(testDb.db, klass.id, 1, 3, h.services.deps.i18n.t('fr'), '/d')) ?? '';
      expect(page).toContain('<h2>Renvoyés vers une révision</h2>');
      expect(page).toContain(
        `<li>Q1 → <a href="${video}?start=2m13s" rel="noreferrer">la vidéo de la capsule à 2:13</a> : Inès, Léa ✅</li>`,
      );
    });

    it('says nobody was sent yet, and nothing at all for a quiz without review', async () => {
      const brief = (await h.as(teacher).command('brief', { capsule: '1' })).private[0]?.text ?? '';
      expect(brief).toContain('Personne n’a été renvoyé vers une révision.'.replace('’', "'"));
      await h.as(teacher).command('capsule schedule', {
        title: 'Sans révision',
        url: video,
        publish: 'mardi 18h',
        session: 'vendredi 10h',
      });
      await h.as(teacher).command('quiz create', { capsule: '2', text: '? a\n* b\n- c' });
      const plain = (await h.as(teacher).command('brief', { capsule: '2' })).private[0]?.text ?? '';
      expect(plain).not.toContain('révision');
    });

    it('sends no review while the teacher keeps the right answer for the close', async () => {
      await h.as(teacher).command('capsule schedule', {
        title: 'Plus tard',
        url: video,
        publish: 'mardi 18h',
        session: 'vendredi 10h',
      });
      await h.as(teacher).command('quiz create', {
        capsule: '2',
        reveal: 'after_close',
        text: '? a\n-> @1:00\n* b\n- c',
      });
      h.clock.set(new Date('2026-11-24T17:05:00Z'));
      await h.settle();
      const later = await testDb.db.quizQuestion.findFirstOrThrow({ where: { prompt: 'a' } });
      const card = (await h.as(lea).click('quiz.answer', [later.id, '1'])).private[0];
      expect(card?.text).toContain('La bonne réponse sera montrée à la fermeture du quiz');
      expect(links(card?.controls)).toEqual([]);
      expect(await testDb.db.reviewVisit.count()).toBe(0);
    });

    it('exports, erases and purges the new rows', async () => {
      await h.as(hugo).click('quiz.answer', [q1, '0']);
      await h.as(lea).click('quiz.answer', [q1, '2']);
      const hugoRow = await testDb.db.member.findFirstOrThrow({ where: { platformUserId: 's2' } });
      const exported = await h.services.privacy.export(hugoRow, 'en');
      expect(exported.reviews).toEqual([
        {
          quiz: 'Additionner des fractions',
          question: '1/2 + 1/4 = ?',
          sentAt: expect.any(String),
          openedAt: null,
        },
      ]);
      const confirm = await h.as(teacher).command('privacy delete', { user: 'hugo' });
      expect(confirm.private[0]?.tone).not.toBe('error');
      await h.as(teacher).click('privacy.delete', [hugoRow.id]);
      expect(await testDb.db.reviewVisit.count({ where: { memberId: hugoRow.id } })).toBe(0);
      expect(await testDb.db.reviewVisit.count()).toBe(1);

      h.clock.set(new Date('2028-01-10T08:00:00Z')); // past the retention limit
      await h.services.privacy.purgeExpired();
      expect(await testDb.db.reviewVisit.count()).toBe(0);
    });
  });
}
