// Targeted review (issue 14 §2, review fix), on SQLite and PostgreSQL: a review link written with
// non-ASCII characters or parentheses redirects (302) to its percent-encoded form, counting the
// click; before the fix Node refused the Location header (a 500 after the click was counted).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardControl } from '../../src/core/card.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createHttpServer, type HttpServer } from '../../src/http/index.ts';
import { reportsFeature } from '../../src/reports/index.ts';
import { mountReviewLinks } from '../../src/reports/review-route.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const pgOk = await postgresAvailable();
const teacher = person('t1', 'Mme Martin');
const lea = person('s1', 'Léa');

const quizText = `? Qui est la sœur de la mère ?
- la cousine
-> https://fr.wikipedia.org/wiki/Sœur
* la tante
- la nièce
-> https://fr.wikipedia.org/wiki/Fraction_(mathématiques) @1:05`;

const linkOf = (controls: CardControl[][] | undefined) =>
  (controls ?? []).flat().flatMap((c) => (c.kind === 'link' ? [c.url] : []))[0] ?? '';

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(
    `review links with any character on ${provider.name}`,
    () => {
      let testDb: TestDb;
      let h: Harness;
      let http: HttpServer;
      let base: string;

      beforeEach(async () => {
        testDb = await provider.open();
        h = harness(testDb, undefined, [reportsFeature({ mailer: null })]);
        http = createHttpServer({ logger: silentLogger });
        mountReviewLinks(http, h.services);
        base = `http://127.0.0.1:${(await http.listen(0)).port}`;
        await h.as(teacher).command('setup', { name: '4e B', level: 'college' });
        await h.as(lea).command('help');
        await h.as(teacher).command('capsule schedule', {
          title: 'La famille',
          url: 'https://tube.example/w/8kKXW5tPoM1SLMTzWfqrs5',
          publish: 'lundi 18h',
          session: 'jeudi 10h',
          minutes: 8,
        });
        const made = await h.as(teacher).command('quiz create', { capsule: '1', text: quizText });
        expect(made.private[0]?.tone).not.toBe('error');
        h.clock.set(new Date('2026-11-23T17:00:00Z'));
        await h.settle();
      });
      afterEach(async () => {
        await http.close();
        await testDb.close();
      });

      it('redirects to the percent-encoded link and counts the click', async () => {
        const q = await testDb.db.quizQuestion.findFirstOrThrow();
        const follow = (url: string) =>
          fetch(url.replace('http://localhost:3000', base), { redirect: 'manual' });
        const accent = await follow(
          linkOf((await h.as(lea).click('quiz.answer', [q.id, '0'])).private[0]?.controls),
        );
        expect(accent.status).toBe(302);
        expect(accent.headers.get('location')).toBe('https://fr.wikipedia.org/wiki/S%C5%93ur');
        await h.as(lea).click('quiz.retry', [q.id]);
        const parens = await follow(
          linkOf((await h.as(lea).click('quiz.answer', [q.id, '2'])).private[0]?.controls),
        );
        expect(parens.status).toBe(302);
        expect(parens.headers.get('location')).toBe(
          'https://fr.wikipedia.org/wiki/Fraction_(math%C3%A9matiques)',
        );
        const visits = await testDb.db.reviewVisit.findMany({ orderBy: { target: 'asc' } });
        expect(visits.map((v) => [v.target, v.clickedAt !== null])).toEqual([
          [0, true],
          [2, true],
        ]);
      });

      it('lets an error other than a duplicate key through when noting a send', async () => {
        const member = await testDb.db.member.findFirstOrThrow({ where: { platformUserId: 's1' } });
        // A question deleted meanwhile: a foreign-key failure, not the double click the catch is for.
        await expect(h.services.reviewLinks.send('no-such-question', member.id, -1)).rejects.toMatchObject({
          code: 'P2003',
        });
        expect(await testDb.db.reviewVisit.count()).toBe(0);
      });
    },
  );
}
