// Starting the method (issue 14 §5): after /setup the teacher is offered three texts to review and
// send — a message to the class in words for its level, a poll on the class's rules (anonymous,
// through the review poll machinery), a letter to parents by e-mail, and in the first digest of
// parents added later — and at the end of a sequence the class's results go to the channel,
// naming no student. Real e-mail through nodemailer to a local SMTP server; SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mailer } from '../../src/mail/mailer.ts';
import { createSmtpMailer } from '../../src/mail/smtp.ts';
import { type ReportsFeature, reportsFeature } from '../../src/reports/index.ts';
import { FakeSmtp } from '../fakes/smtp.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';

const pgOk = await postgresAvailable();
const teacher = person('t1', 'Mme Martin');
const lea = person('s1', 'Léa');
const hugo = person('s2', 'Hugo');

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`starting the method on ${provider.name}`, () => {
    let smtp: FakeSmtp;
    let mailer: Mailer;
    let testDb: TestDb;
    let reports: ReportsFeature;
    let h: Harness;

    beforeEach(async () => {
      smtp = await FakeSmtp.start();
      mailer = createSmtpMailer(smtp.url, 'Inverso <inverso@school.test>');
      testDb = await provider.open();
      reports = reportsFeature({ mailer });
      h = harness(testDb, new Date('2026-11-23T07:00:00Z'), [reports]);
    });
    afterEach(async () => {
      await mailer.close();
      await smtp.close();
      await testDb.close();
    });

    const setUp = async (level = 'college') => {
      const done = await h.as(teacher).command('setup', { name: '4e B', level });
      await h.as(lea).command('help');
      await h.as(hugo).command('help');
      return done;
    };

    it('offers the three texts after /setup, and posts the class message in words for the level', async () => {
      const done = await setUp();
      const offer = done.private[0];
      expect(offer?.text).toContain('Trois textes prêts à relire');
      const buttons = offer?.controls?.flat() ?? [];
      expect(buttons.map((b) => (b.kind === 'button' ? [b.action, b.args] : null))).toEqual([
        ['kickoff.preview', ['message']],
        ['kickoff.preview', ['poll']],
        ['kickoff.preview', ['letter']],
      ]);
      const preview = await h.as(teacher).click('kickoff.preview', ['message']);
      expect(preview.private[0]?.text).toContain('tu regardes une courte vidéo');
      expect(h.platform.channel.filter((m) => m.card.title === 'Notre classe inversée')).toHaveLength(0);
      const refused = await h.as(lea).click('kickoff.send', ['message']);
      expect(refused.private[0]?.tone).toBe('error');
      await h.as(teacher).click('kickoff.send', ['message']);
      const posted = h.platform.find('Notre classe inversée');
      expect(posted).toHaveLength(1);
      expect(posted[0]?.card.text).toContain('Personne ne doit tout comprendre tout seul');

      await h.as(teacher).command('settings', { level: 'lycee' });
      const older = await h.as(teacher).click('kickoff.preview', ['message']);
      expect(older.private[0]?.text).toContain("c'est un diagnostic");
    });

    it('posts the rules poll as an anonymous poll, once', async () => {
      await setUp();
      await h.as(teacher).click('kickoff.send', ['poll']);
      const quiz = await testDb.db.quiz.findFirstOrThrow({ include: { questions: true } });
      expect([quiz.kind, quiz.questions.length]).toEqual(['review', 3]);
      expect(h.platform.find('Quand regarder la capsule ?')).toHaveLength(1);
      const question = quiz.questions.find((q) => q.position === 0);
      await h.as(lea).click('quiz.answer', [question?.id ?? '', '1']);
      expect(await testDb.db.pollAnswer.count()).toBe(1);
      expect(await testDb.db.answer.count()).toBe(0); // no name kept with the ballot
      const again = await h.as(teacher).click('kickoff.send', ['poll']);
      expect(again.private[0]?.tone).toBe('error');
      expect(await testDb.db.quiz.count()).toBe(1);
    });

    it('e-mails the letter to the parents on file, and puts it in the first digest of a parent added later', async () => {
      await setUp();
      await h
        .as(teacher)
        .command('guardian add', { student: 'Léa', email: 'lea.parent@example.fr', language: 'fr' });
      const preview = await h.as(teacher).click('kickoff.preview', ['letter']);
      expect(preview.private[0]?.text).toContain('Madame, Monsieur');
      const sent = await h.as(teacher).click('kickoff.send', ['letter']);
      expect(sent.updated[0]?.text ?? sent.private[0]?.text).toContain('1 parent(s) par e-mail');
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]?.subject).toBe('Classe 4e B : notre classe inversée');
      expect(smtp.messages[0]?.text).toContain('Les questions anonymes ne sont liées à personne');

      await h
        .as(teacher)
        .command('guardian add', { student: 'Hugo', email: 'hugo.parent@example.org', language: 'en' });
      await h.as(teacher).command('capsule schedule', {
        title: 'Fractions',
        url: 'https://video.example/fractions',
        publish: '2026-11-24 18:00',
        session: '2026-11-26 10:00',
      });
      h.clock.set(new Date('2026-11-25T08:00:00Z'));
      await h.settle();
      await h.as(teacher).command('digest send');
      await h.settle();
      const digests = smtp.messages.slice(1);
      const hugoMail = digests.find((m) => m.to.includes('hugo.parent@example.org'));
      const leaMail = digests.find((m) => m.to.includes('lea.parent@example.fr'));
      expect(hugoMail?.text).toContain('This year, class 4e B works as a flipped class');
      expect(hugoMail?.html).toContain('This year, class 4e B works as a flipped class');
      expect(leaMail?.text).not.toContain('Madame, Monsieur');
      const links = await testDb.db.guardianLink.findMany();
      expect(links.every((l) => l.letterSentAt !== null)).toBe(true);
    });

    it('values the class results in the channel at the end of a sequence, naming nobody', async () => {
      await setUp();
      await h.as(teacher).command('capsule schedule', {
        title: 'Fractions',
        url: 'https://video.example/fractions',
        publish: '2026-11-24 18:00',
        session: '2026-11-26 10:00',
        sequence: 'Fractions',
      });
      await h.as(teacher).command('quiz create', { capsule: '1', text: '? 1/2 + 1/4 = ?\n- 2/6\n* 3/4' });
      h.clock.set(new Date('2026-11-24T18:00:00Z'));
      await h.settle();
      const capsule = await testDb.db.capsule.findFirstOrThrow();
      await h.as(lea).click('capsule.watched', [capsule.id]);
      await h.as(hugo).click('capsule.watched', [capsule.id]);
      const question = await testDb.db.quizQuestion.findFirstOrThrow();
      await h.as(lea).click('quiz.answer', [question.id, '0']); // wrong first
      await h.as(lea).click('quiz.answer', [question.id, '1']); // right on a retry
      await h.as(hugo).command('ask', { text: 'Pourquoi le même dénominateur ?' });
      const asked = await testDb.db.studentQuestion.findFirstOrThrow();
      await h.as(teacher).click('question.mark', [asked.id, 'answered']);
      await h.as(teacher).command('sequence close', { name: 'Fractions' });
      const [card] = h.platform.find('le bilan de la classe');
      expect(card?.card.text).toContain('La classe a regardé les capsules 2 fois en tout (1 capsules');
      expect(card?.card.text).toContain('1 question posée, 1 discutée(s) en classe');
      expect(card?.card.text).toContain(
        '« 1/2 + 1/4 = ? » — 1 élève a trouvé la bonne réponse en réessayant',
      );
      expect(card?.card.text).not.toContain('Léa');
      expect(card?.card.text).not.toContain('Hugo');
      expect(
        (await testDb.db.sequence.findFirstOrThrow({ where: { name: 'Fractions' } })).resultsPostedAt,
      ).not.toBeNull();
    });
  });
}
