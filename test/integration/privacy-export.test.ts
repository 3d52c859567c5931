// /privacy and /privacy export on SQLite and PostgreSQL, through the bot's real HTTP server: the
// student sees what is held about them with the notices; a teacher names a student by display
// name, mention or platform id and gets a signed download of a JSON file for the family; the link
// is refused once expired, tampered with, or to someone who is no longer allowed. A pupil cannot
// redeem a guardian code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Card } from '../../src/core/card.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { mountPrivacy } from '../../src/privacy/routes.ts';
import { reportsFeature } from '../../src/reports/index.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';
import { cycleFixture, hugo, lea, teacher } from './reports-fixture.ts';

const pgOk = await postgresAvailable();

/** The link buttons of a card, by label. */
function links(card: Card | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const control of card?.controls?.flat() ?? [])
    if (control.kind === 'link') out.set(control.label, control.url);
  return out;
}

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(
    `/privacy and its export, on ${provider.name}`,
    () => {
      let testDb: TestDb;
      let h: Harness;
      let http: HttpServer;
      let base: string;
      /** The bot's links point at PUBLIC_URL; the test server listens elsewhere. */
      const local = (url: string) => url.replace('http://localhost:3000', base);

      beforeEach(async () => {
        testDb = await provider.open();
        h = harness(testDb, undefined, [reportsFeature({ mailer: null })]);
        await cycleFixture(h);
        http = createHttpServer({ logger: silentLogger, i18n: createI18n('fr') });
        mountPrivacy(http, h.services);
        base = `http://127.0.0.1:${(await http.listen(0)).port}`;
      });
      afterEach(async () => {
        await http.close();
        await testDb.close();
      });

      it('shows a student what is held about them, with the notices and their own download', async () => {
        const shown = await h.as(hugo).command('privacy info');
        const card = shown.private[0];
        expect(card?.title).toBe('Your data in Inverso'); // Hugo's own language
        expect(card?.text).toContain('400 days');
        const fields = new Map(card?.fields?.map((f) => [f.label, f.value]));
        expect(fields.get('Your name here')).toBe('Hugo');
        expect(fields.get('Quiz answers')).toBe('2');
        expect(fields.get('Questions asked with your name')).toBe('0');
        expect(fields.get('Anonymous questions')).toContain('not linked to you');
        const urls = links(card);
        expect([...urls.keys()]).toEqual([
          'Read how it works',
          'Notice for your parents',
          'Download my data',
        ]);

        const notice = await fetch(local(urls.get('Notice for your parents') as string));
        expect(notice.status).toBe(200);
        const html = await notice.text();
        expect(html).toContain('<title>Inverso: notice for parents and guardians</title>');
        expect(html).toContain('<h3>Your rights</h3>');
        const students = await (await fetch(`${base}/privacy/students?lang=fr`)).text();
        expect(students).toContain('Inverso et tes données');
        expect(students).toContain('<li><strong>Ton nom</strong>');
        expect((await fetch(`${base}/privacy/register?lang=fr`)).status).toBe(200);
        expect((await fetch(`${base}/privacy/data?lang=en`)).status).toBe(200);
        expect((await fetch(`${base}/privacy/../../README`)).status).toBe(404);
        expect((await fetch(`${base}/privacy/secrets`)).status).toBe(404);

        const own = await fetch(local(urls.get('Download my data') as string));
        expect(own.status).toBe(200);
        const data = (await own.json()) as { member: { displayName: string }; answers: unknown[] };
        expect(data.member.displayName).toBe('Hugo');
        expect(data.answers).toHaveLength(2);
      });

      it('lets a teacher name the student as people do, and hands a JSON file for the family', async () => {
        const klass = await testDb.db.class.findFirstOrThrow();
        for (const ref of ['Léa', 'lea', '@Léa', `<@${lea.platformUserId}>`, lea.platformUserId]) {
          const asked = await h.as(teacher).command('privacy export', { user: ref });
          expect(asked.private[0]?.title, ref).toBe('Données enregistrées sur Léa');
        }
        const asked = await h.as(teacher).command('privacy export', { user: 'Léa' });
        expect(asked.private[0]?.text).toContain('1 capsules vues, 2 réponses, 1 questions, 0 parents');
        const url = links(asked.private[0]).get('Télécharger (JSON)') as string;
        const response = await fetch(local(url));
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(response.headers.get('content-disposition')).toBe('attachment; filename="inverso-lea.json"');
        const data = (await response.json()) as Record<string, unknown>;
        expect(data).toMatchObject({
          format: 'inverso-export/1',
          class: { name: klass.name, platform: 'sandbox' },
          member: { displayName: 'Léa', platformUserId: lea.platformUserId, role: 'student' },
          questions: [{ text: 'Et avec trois fractions ?', status: 'open', upvotes: 0 }],
        });
        expect(data.answers).toEqual([
          expect.objectContaining({ question: '1/2 + 1/4 = ?', answer: '3/4' }),
          expect.objectContaining({ question: 'Which is bigger?', answer: '2/3' }),
        ]);
        expect(data.capsulesWatched).toEqual([
          expect.objectContaining({ capsule: 'Additionner des fractions' }),
        ]);
        // Nobody else's data, and no anonymous question (Hugo's) in Léa's file.
        expect(JSON.stringify(data)).not.toMatch(/Hugo|Inès|Pourquoi le même/);

        // Tampered, expired, or for a requester who lost the right: refused, nothing leaks.
        expect((await fetch(local(url.replace(/s=[\w-]+/, 's=forged')))).status).toBe(403);
        h.clock.advance(16 * 60_000);
        const expired = await fetch(local(url));
        expect(expired.status).toBe(403);
        expect(await expired.text()).not.toContain('Léa');
      });

      it('refuses a student asking for a classmate, and names what was not found', async () => {
        const refused = await h.as(hugo).command('privacy export', { user: 'Léa' });
        expect(refused.private[0]?.tone).toBe('error');
        expect(refused.private[0]?.controls).toBeUndefined();
        const self = await h.as(hugo).command('privacy export', { user: 'Hugo' });
        expect(self.private[0]?.title).toBe('Data stored about Hugo');
        const unknown = await h.as(teacher).command('privacy export', { user: 'Zoé' });
        expect(unknown.private[0]?.text).toContain('Zoé');
      });

      it('keeps a guardian code away from pupils: the code stays usable by the parent', async () => {
        const made = await h.as(teacher).command('guardian link', { student: 'Léa' });
        const code = /\*\*([A-Z0-9]{5}-[A-Z0-9]{5})\*\*/.exec(made.private[0]?.text ?? '')?.[1] ?? '';
        const pupil = await h.as(hugo).command('guardian code', { code });
        expect(pupil.private[0]?.text).toBe(
          'This code is for a parent. A student of the class cannot use it: ask your parent to type it.',
        );
        expect(await testDb.db.guardian.count()).toBe(0);
        expect((await testDb.db.oneTimeToken.findFirstOrThrow()).usedAt).toBeNull();
        const parent = await h.as(person('p9', 'Papa de Léa')).command('guardian code', { code });
        expect(parent.private[0]?.text).toContain('Léa');
        expect(await testDb.db.guardian.count({ where: { platformUserId: 'p9' } })).toBe(1);
      });
    },
  );
}
