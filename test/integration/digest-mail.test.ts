// The parents' weekly digest end to end: guardians added and imported through commands, the
// weekly job at Sunday 18:00 in the class's zone, real e-mails through nodemailer to a real SMTP
// server on 127.0.0.1, one per parent covering all their children and classes, in their language,
// never another child's data; the unsubscribe link working through the HTTP server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import type { Mailer } from '../../src/mail/mailer.ts';
import { createSmtpMailer } from '../../src/mail/smtp.ts';
import {
  ensureDigestPlans,
  mountReports,
  type ReportsFeature,
  reportsFeature,
} from '../../src/reports/index.ts';
import { toMemberInfo } from '../../src/services/classes.ts';
import { FakeSmtp } from '../fakes/smtp.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';
import { cycleFixture, hugo, ines, lea, teacher } from './reports-fixture.ts';

const MARTIN = 'parent.martin@example.fr';
const HUGO_PARENT = 'hugo.parent@example.com';
const INES_PARENT = 'ines.parent@example.fr';

const pgOk = await postgresAvailable();

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(
    `the weekly digest by e-mail, on ${provider.name}`,
    () => {
      let testDb: TestDb;
      let h: Harness;
      let reports: ReportsFeature;
      let smtp: FakeSmtp;
      let mailer: Mailer;
      let http: HttpServer;
      let base: string;

      beforeEach(async () => {
        smtp = await FakeSmtp.start();
        mailer = createSmtpMailer(smtp.url, 'Inverso <inverso@school.test>');
        testDb = await provider.open();
        reports = reportsFeature({ mailer });
        h = harness(testDb, undefined, [reports]);
        http = createHttpServer({ logger: silentLogger, i18n: createI18n('fr') });
        mountReports(http, reports.kit);
        base = `http://127.0.0.1:${(await http.listen(0)).port}`;
      });
      afterEach(async () => {
        await http.close();
        await mailer.close();
        await smtp.close();
        await testDb.close();
      });

      /** Class A (the fixture, French) and class B (English) where Léa's sibling Zoé studies. */
      async function twoClasses() {
        await cycleFixture(h);
        const { services } = h;
        // Next week in class A: a capsule to announce.
        await h.as(teacher).command('capsule schedule', {
          title: 'Multiplier des fractions',
          url: 'https://video.example/multiplier',
          publish: '30/11/2026 18h',
          session: '01/12/2026 10h',
        });
        const placeB = { platform: 'sandbox' as const, workspaceId: 'school', channelId: 'class-5a' };
        const teacherB = person('t2', 'Mr Smith', 'en');
        const classB = await services.classes.setup(placeB, teacherB, { name: '5th A', language: 'en' });
        const smith = toMemberInfo(await services.classes.ensureMember(classB.id, teacherB));
        const zoe = await services.classes.ensureMember(classB.id, person('s9', 'Zoé'));
        await services.classes.ensureMember(classB.id, person('s8', 'Max'));
        await services.capsules.schedule(classB.id, smith, {
          title: 'Photosynthesis',
          url: 'https://video.example/photo',
          publish: new Date('2026-11-24T08:00:00Z'),
          session: new Date('2026-11-27T09:00:00Z'),
        });
        h.clock.set(new Date('2026-11-24T08:00:00Z'));
        await h.settle();
        const photo = await testDb.db.capsule.findFirstOrThrow({ where: { classId: classB.id } });
        await testDb.db.capsuleView.create({ data: { capsuleId: photo.id, memberId: zoe.id } });

        // Guardians: one by one, and from a roster (with a header line and a semicolon export).
        const added = await h
          .as(teacher)
          .command('guardian add', { student: 'Léa', email: MARTIN, language: 'fr' });
        expect(added.private[0]?.tone).toBe('success');
        await reports.kit.guardians.add(classB.id, smith, {
          student: 'Zoé',
          email: MARTIN,
          language: 'fr',
        });
        const imported = await h.as(teacher).submit('guardian.import', [], {
          csv: `student;guardian_email;language\nHugo;${HUGO_PARENT};en\nInès;${INES_PARENT};fr\n`,
        });
        expect(imported.private[0]?.text).toContain('2 liens');
        await h.as(teacher).command('digest note', { text: 'Évaluation sur les fractions jeudi prochain.' });
        return { classB, smith };
      }

      it('sends each parent one e-mail with their own children only, in their language', async () => {
        await twoClasses();
        await ensureDigestPlans(reports.kit);
        const plans = await testDb.db.job.findMany({ where: { kind: 'digest.plan', state: 'pending' } });
        expect(plans.map((p) => p.dueAt.toISOString())).toEqual([
          '2026-11-29T17:00:00.000Z',
          '2026-11-29T17:00:00.000Z',
        ]);

        h.clock.set(new Date('2026-11-29T16:59:00Z'));
        await h.settle();
        expect(smtp.messages).toHaveLength(0);
        h.clock.set(new Date('2026-11-29T17:00:00Z')); // Sunday 18:00 in Paris
        await h.settle();
        expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual([HUGO_PARENT, INES_PARENT, MARTIN]);

        const [martin] = smtp.to(MARTIN);
        expect(martin?.subject).toBe('La semaine en classe : Léa et Zoé (dimanche 29 novembre)');
        expect(martin?.text).toContain('Bonjour,');
        expect(martin?.text).toContain('== 4e B ==');
        expect(martin?.text).toContain('== 5th A ==');
        expect(martin?.text).toContain('#1 Additionner des fractions (séance jeudi 26 novembre à 10:00)');
        expect(martin?.text).toContain('https://video.example/fractions');
        expect(martin?.text).toContain('Léa : ✓ regardée · quiz fait (2/2) · score 100 %');
        expect(martin?.text).toContain('Zoé : ✓ regardée');
        expect(martin?.text).toContain('Évaluation sur les fractions jeudi prochain.');
        expect(martin?.text).toContain('#2 Multiplier des fractions (séance mardi 1 décembre à 10:00)');
        expect(martin?.text).not.toContain('https://video.example/multiplier'); // not out yet
        for (const other of ['Hugo', 'Inès', 'Max']) {
          expect(martin?.text).not.toContain(other);
          expect(martin?.html).not.toContain(other);
        }

        const [english] = smtp.to(HUGO_PARENT);
        expect(english?.subject).toBe('This week in class: Hugo (Sunday, November 29)');
        expect(english?.text).toContain('Hello,');
        expect(english?.text).toContain('Hugo: ✗ not watched · quiz answered (2/2) · score 50 %');
        expect(english?.html).toMatch(/^<!doctype html>\r?\n<html lang="en">/);
        for (const other of ['Léa', 'Inès', 'Zoé', 'Max', 'Bonjour'])
          expect(english?.text).not.toContain(other);

        const unsubscribe = english?.headers.get('list-unsubscribe') ?? '';
        expect(unsubscribe).toMatch(/^<http:\/\/localhost:3000\/unsubscribe\?g=[^&]+&s=[\w-]+>$/);
        expect(english?.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
        expect(english?.headers.get('message-id')).toMatch(/^<digest\.[^.]+\.2026-W48@localhost>$/);
        expect(english?.html).toContain(unsubscribe.slice(1, -1).replaceAll('&', '&amp;'));
        expect(english?.from).toBe('inverso@school.test');

        const [inesMail] = smtp.to(INES_PARENT);
        expect(inesMail?.text).toContain('Inès : ✗ pas regardée · quiz pas fait');

        // "Send now" in the same week sends nothing twice.
        const again = await h.as(teacher).command('digest send');
        expect(again.private[0]?.text).toContain('3 parents ont déjà reçu');
        await h.settle();
        expect(smtp.messages).toHaveLength(3);
      });

      it('unsubscribes in one click through the HTTP server, and then sends nothing more', async () => {
        await twoClasses();
        await ensureDigestPlans(reports.kit);
        h.clock.set(new Date('2026-11-29T17:00:00Z'));
        await h.settle();
        const link = smtp.to(INES_PARENT)[0]?.headers.get('list-unsubscribe')?.slice(1, -1) ?? '';
        const local = `${base}${new URL(link).pathname}${new URL(link).search}`;

        const tampered = await fetch(local.replace(/s=[\w-]+/, 's=forged'));
        expect(tampered.status).toBe(400);
        const page = await fetch(local);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toContain('text/html');
        const html = await page.text();
        expect(html).toContain('Me désabonner');
        expect(html).toContain('<html lang="fr">');
        // A GET (a mail scanner following the link) unsubscribes nobody.
        const guardian = await testDb.db.guardian.findUniqueOrThrow({ where: { email: INES_PARENT } });
        expect(guardian.unsubscribedAt).toBeNull();

        // The mail client's one-click POST (RFC 8058).
        const post = await fetch(local, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        });
        expect(post.status).toBe(200);
        expect(await post.text()).toContain('vous ne recevrez plus');
        expect(
          (await testDb.db.guardian.findUniqueOrThrow({ where: { email: INES_PARENT } })).unsubscribedAt,
        ).not.toBeNull();
        expect(await (await fetch(local)).text()).toContain('déjà désabonné');

        // The next Sunday: the others get their second digest, Inès's parent nothing.
        h.clock.set(new Date('2026-12-06T17:00:00Z'));
        await h.settle();
        expect(smtp.to(MARTIN)).toHaveLength(2);
        expect(smtp.to(HUGO_PARENT)).toHaveLength(2);
        expect(smtp.to(INES_PARENT)).toHaveLength(1);
        expect(smtp.to(MARTIN)[1]?.subject).toContain('6 décembre');
        // /digest send and the list say so too.
        const list = await h.as(teacher).command('guardian list');
        expect(list.private[0]?.text).toContain(`${INES_PARENT} → Inès (fr · désabonné)`);
      });

      it("shows the teacher exactly one parent's digest, without another class's part", async () => {
        await twoClasses();
        const preview = await h.as(teacher).command('digest preview', { email: HUGO_PARENT });
        const card = preview.private[0];
        // The preview is the digest as it would go out now (Tuesday): the same as /digest send.
        expect(card?.title).toBe('Aperçu — This week in class: Hugo (Tuesday, November 24)');
        expect(card?.text).toContain('Hugo: ✗ not watched');
        expect(card?.fields?.find((f) => f.label === 'À')?.value).toBe(HUGO_PARENT);

        const martin = await h.as(teacher).command('digest preview', { email: MARTIN });
        expect(martin.private[0]?.text).toContain('Léa :');
        expect(martin.private[0]?.text).not.toContain('Zoé');
        expect(martin.private[0]?.footer).toContain('1 autre classe');
        const student = await h.as(lea).command('digest preview');
        expect(student.private[0]?.tone).toBe('error');
        expect(hugo && ines).toBeTruthy();
      });
    },
  );
}
