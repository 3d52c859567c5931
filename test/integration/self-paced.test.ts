// Self-paced sequences (issue 14 §1), on SQLite and PostgreSQL: the first capsule goes to the
// channel, the next ones open privately for each student who watched and reached the threshold
// (first answers) — or only watched, without a quiz; an opening is made once, restarts included;
// /path shows done, current and locked with what opens the next; the teacher sees the spread and
// who is stuck in /path, /progress and the brief; reminders nudge each student about their own capsule.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classPage } from '../../src/reports/dashboard/pages/class-page.ts';
import { reportsFeature } from '../../src/reports/index.ts';
import { postgresAvailable, providers, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';
import { quizText } from './reports-fixture.ts';

const pgOk = await postgresAvailable();
const teacher = person('t1', 'Mme Martin');
const lea = person('s1', 'Léa');
const hugo = person('s2', 'Hugo', 'en-GB');
const ines = person('s3', 'Inès');

const texts = (cards: { title?: string; text?: string }[] | undefined) =>
  (cards ?? []).map((c) => `${c.title ?? ''}\n${c.text ?? ''}`);

for (const provider of providers) {
  describe.skipIf(provider.name === 'postgres' && !pgOk)(`self-paced sequences on ${provider.name}`, () => {
    let testDb: TestDb;
    let h: Harness;
    const ids: Record<number, string> = {};
    const question = async (capsule: number, position: number) =>
      h.services.deps.db.quizQuestion.findFirstOrThrow({
        where: { position, quiz: { capsule: { number: capsule } } },
      });
    const answerAll = async (who: typeof lea, capsule: number, choices: string[]) => {
      for (const [i, choice] of choices.entries())
        await h.as(who).click('quiz.answer', [(await question(capsule, i)).id, choice]);
    };

    beforeEach(async () => {
      testDb = await provider.open();
      h = harness(testDb, undefined, [reportsFeature({ mailer: null })]);
      await h.as(teacher).command('setup', { name: '4e B', level: 'college' });
      for (const student of [lea, hugo, ines]) await h.as(student).command('help');
      const plan = [
        { title: 'Fractions 1', publish: '2026-11-23 18:00', session: '2026-11-26 10:00' },
        { title: 'Fractions 2', publish: '2026-11-23 18:00', session: '2026-11-27 10:00' },
        { title: 'Fractions 3', publish: '2026-11-23 18:00', session: '2026-12-01 10:00' },
        { title: 'Fractions 4', publish: '2026-12-07 08:00', session: '2026-12-10 10:00' },
      ];
      for (const c of plan)
        await h
          .as(teacher)
          .command('capsule schedule', { ...c, url: 'https://video.example/f', sequence: 'Fractions' });
      await h.as(teacher).command('quiz create', { capsule: '1', text: quizText });
      await h.as(teacher).command('quiz create', { capsule: '3', text: quizText });
      const paced = await h
        .as(teacher)
        .command('sequence pace', { name: 'Fractions', mode: 'self', 'stuck-days': 3 });
      expect(paced.private[0]?.text).toContain('au rythme de chaque élève');
      expect(paced.private[0]?.text).toContain('70 %');
      h.clock.set(new Date('2026-11-23T17:00:00Z'));
      await h.settle();
      for (const c of await h.services.deps.db.capsule.findMany()) ids[c.number] = c.id;
    });
    afterEach(async () => testDb.close());

    it('posts the first capsule for the class and releases the next ones without a post', async () => {
      const posted = texts(h.platform.channel.map((p) => p.card));
      expect(posted.some((t) => t.includes('Fractions 1'))).toBe(true);
      expect(posted.some((t) => /Fractions [234]/.test(t))).toBe(false);
      const capsules = await h.services.deps.db.capsule.findMany({ orderBy: { number: 'asc' } });
      expect(capsules.map((c) => c.status)).toEqual(['published', 'published', 'published', 'scheduled']);
      // Quizzes stay open past their session: a student behind still answers.
      const quizzes = await h.services.deps.db.quiz.findMany();
      expect(quizzes.every((q) => q.closeAt === null)).toBe(true);
    });

    it('opens the next capsule at the threshold, once watched; a capsule without a quiz once watched', async () => {
      const db = h.services.deps.db;
      await h.as(hugo).click('capsule.watched', [ids[1] as string]);
      expect(await db.pathUnlock.count()).toBe(0);
      await answerAll(hugo, 1, ['1', '0']); // 2/2
      const opened = h.platform.direct.get('s2') ?? [];
      expect(opened.map((c) => c.title)).toEqual(['Capsule #2 is open for you: “Fractions 2”']);
      expect(opened[0]?.text).toContain('/path');
      // #2 has no quiz: watching it opens #3.
      await h.as(hugo).click('capsule.watched', [ids[2] as string]);
      expect((h.platform.direct.get('s2') ?? []).map((c) => c.title)).toEqual([
        'Capsule #2 is open for you: “Fractions 2”',
        'Capsule #3 is open for you: “Fractions 3”',
      ]);
      // Léa: 1/2 = 50 %, below 70 %: nothing opens, /path says why.
      await h.as(lea).click('capsule.watched', [ids[1] as string]);
      await answerAll(lea, 1, ['1', '1']);
      expect(h.platform.direct.get('s1')).toBeUndefined();
      const path = (await h.as(lea).command('path')).private[0];
      expect(path?.title).toBe('Ton parcours — Fractions');
      expect(path?.text).toContain('▶️ **#1 Fractions 1** — en cours');
      expect(path?.text).toContain('🔒 #2 Fractions 2');
      expect(path?.text).toContain('🔒 #4');
      expect(path?.text).toContain(
        'Pour ouvrir la suivante : regarde la capsule 1 et obtiens 70 % à son quiz.',
      );
      expect(path?.text).toContain('Ton premier essai : 1/2 (50 %).');
      // The teacher lowers the threshold: Léa's 50 % now opens #2 (a publication-like opening, by job).
      await h.as(teacher).command('sequence pace', { name: 'Fractions', mode: 'self', threshold: 50 });
      await h.settle();
      expect((h.platform.direct.get('s1') ?? []).map((c) => c.title)).toEqual([
        'La capsule #2 est ouverte pour toi : « Fractions 2 »',
      ]);
      // Raising it again never locks what was opened.
      await h.as(teacher).command('sequence pace', { name: 'Fractions', mode: 'self', threshold: 100 });
      const again = (await h.as(lea).command('path')).private[0];
      expect(again?.text).toContain('▶️ **#2 Fractions 2** — en cours');
      expect(again?.text).toContain('Pour ouvrir la suivante : regarde la capsule 2.');
    });

    it('opens once across a restart: no second row, job or message', async () => {
      const db = h.services.deps.db;
      await h.as(hugo).click('capsule.watched', [ids[1] as string]);
      await answerAll(hugo, 1, ['1', '0']);
      await h.settle();
      expect(await db.job.count({ where: { kind: 'path.unlock' } })).toBe(1);
      // A new process on the same database: the job and the intent are found, nothing is sent again.
      const restarted = harness(testDb, h.clock.now(), [reportsFeature({ mailer: null })]);
      await restarted.services.paths.sync((await db.sequence.findFirstOrThrow()).id, { quiet: false });
      await restarted.settle();
      await restarted.as(hugo).click('capsule.watched', [ids[1] as string]);
      expect(await db.pathUnlock.count()).toBe(1);
      expect(await db.job.count({ where: { kind: 'path.unlock' } })).toBe(1);
      expect(restarted.platform.direct.size).toBe(0);
      expect(h.platform.direct.get('s2')).toHaveLength(1);
      const path = (await restarted.as(hugo).command('path')).private[0];
      expect(path?.text).toContain('✅ #1 Fractions 1 — 100 %');
      expect(path?.text).toContain('▶️ **#2 Fractions 2** — in progress');
      // The current capsule's buttons: watch link, "I watched it" (no quiz here).
      const actions = path?.controls?.flat().map((c) => (c.kind === 'button' ? c.action : c.kind));
      expect(actions).toEqual(['link', 'capsule.watched']);
    });

    it('sends an opening written before a crash once, from the job, after the restart', async () => {
      const db = h.services.deps.db;
      // Hugo's progress is stored, its opening written and queued, then the process dies before
      // anything is sent (a sync from a publication sends nothing itself).
      const member = await db.member.findFirstOrThrow({ where: { platformUserId: 's2' } });
      await db.capsuleView.create({ data: { capsuleId: ids[1] as string, memberId: member.id } });
      for (const [position, choice] of [1, 0].entries())
        await db.answer.create({
          data: { questionId: (await question(1, position)).id, memberId: member.id, choice },
        });
      const sequence = await db.sequence.findFirstOrThrow();
      expect(await h.services.paths.sync(sequence.id, { quiet: true })).toBe(1);
      expect(h.platform.direct.size).toBe(0);
      const second = harness(testDb, h.clock.now(), [reportsFeature({ mailer: null })]);
      await second.settle();
      expect((second.platform.direct.get('s2') ?? []).map((c) => c.title)).toEqual([
        'Capsule #2 is open for you: “Fractions 2”',
      ]);
      const third = harness(testDb, h.clock.now(), [reportsFeature({ mailer: null })]);
      await third.services.paths.sync(sequence.id, { quiet: false });
      await third.settle();
      expect(third.platform.direct.size).toBe(0);
      expect(await db.job.findMany({ where: { kind: 'path.unlock' }, select: { state: true } })).toEqual([
        { state: 'done' },
      ]);
    });

    it('shows the teacher the spread and who is stuck, in /path, /progress and the brief', async () => {
      await h.as(hugo).click('capsule.watched', [ids[1] as string]);
      await answerAll(hugo, 1, ['1', '0']);
      await h.as(lea).click('capsule.watched', [ids[1] as string]);
      h.clock.set(new Date('2026-11-27T18:00:00Z')); // four days on; Hugo moves on #2 today
      await h.as(hugo).click('capsule.watched', [ids[2] as string]);
      const spread = (await h.as(teacher).command('path')).private[0]?.text ?? '';
      expect(spread).toContain('Séquence « Fractions », au rythme de chacun (seuil 70 %)');
      expect(spread).toContain('#1 Fractions 1 : 2 élèves');
      expect(spread).toContain('#3 Fractions 3 : 1 élève');
      expect(spread).toContain('Séquence terminée : 0/3');
      expect(spread).toContain('Bloqués, sans progrès depuis 3 jours ou plus : 2');
      expect(spread).toContain('Inès — sur la capsule #1 depuis 4 jours');
      expect(spread).toContain('Léa — sur la capsule #1 depuis 4 jours');
      expect(spread).not.toContain('Hugo —');
      const progress = (await h.as(teacher).command('progress')).private[0]?.text ?? '';
      expect(progress).toContain('Inès — sur la capsule #1 depuis 4 jours');
      const brief = (await h.as(teacher).command('brief', { capsule: '3' })).private[0]?.text ?? '';
      expect(brief).toContain('#1 Fractions 1 : 2 élèves');
      // The dashboard's class page has the same section.
      const klass = await h.services.deps.db.class.findFirstOrThrow();
      const html = await classPage(h.services.deps.db, klass, null, {
        t: h.services.deps.i18n.t('fr'),
        formatDate: (d) => d.toISOString(),
        base: '/dashboard/class/x',
        now: h.clock.now(),
      });
      expect(html).toContain('<section data-section="spread"><h2>Séquences au rythme de chacun</h2>');
      expect(html).toContain('<li>Inès — sur la capsule #1 depuis 4 jours</li>');
      // A student never sees the spread.
      const own = (await h.as(ines).command('path')).private[0]?.text ?? '';
      expect(own).not.toContain('Léa');
    });

    it('nudges each student about their own current capsule', async () => {
      await h.as(hugo).click('capsule.watched', [ids[1] as string]);
      await answerAll(hugo, 1, ['1', '0']);
      await h.as(hugo).click('capsule.watched', [ids[2] as string]);
      // Wednesday 10:00 Paris: the reminder 24 h before capsule #1's session, then the nudges.
      h.clock.set(new Date('2026-11-25T09:30:00Z'));
      await h.settle();
      const reminder = h.platform.channel.map((p) => p.card).find((c) => c.title?.includes('Séance bientôt'));
      expect(reminder?.text).toContain('tape /path');
      // Its button is /path without typing.
      const button = reminder?.controls?.flat().find((c) => c.kind === 'button');
      expect(button?.kind === 'button' && button.action).toBe('path.show');
      const pressed = (await h.as(ines).click('path.show', [])).private[0];
      expect(pressed?.title).toBe('Ton parcours — Fractions');
      const ofIne = h.platform.direct.get('s3') ?? [];
      expect(ofIne.map((c) => c.title)).toEqual(['Ta capsule en cours : #1 « Fractions 1 »']);
      expect(ofIne[0]?.text).toContain('regarde la capsule 1 et obtiens 70 % à son quiz');
      const ofHugo = (h.platform.direct.get('s2') ?? []).map((c) => c.title);
      expect(ofHugo).toContain('Your current capsule: #3 “Fractions 3”');
      expect(ofHugo.filter((t) => t?.includes('#1'))).toEqual([]);
    });

    it('gives the first capsule a "My path" button and keeps a later quiz out of the channel', async () => {
      const first = h.platform.channel.find((p) => p.card.title?.includes('Fractions 1'));
      const actions = first?.card.controls?.flat().map((c) => (c.kind === 'button' ? c.action : c.kind));
      expect(actions).toContain('path.show');
      const before = h.platform.channel.length;
      await h.as(teacher).command('quiz create', { capsule: '2', text: quizText });
      expect(h.platform.channel.length).toBe(before);
      const quiz = await h.services.deps.db.quiz.findFirstOrThrow({ where: { capsule: { number: 2 } } });
      expect(quiz.closeAt).toBeNull();
      // Editing a released capsule's session leaves its quiz open.
      await h.as(teacher).command('capsule edit', { capsule: '3', session: '2026-12-02 10:00' });
      const third = await h.services.deps.db.quiz.findFirstOrThrow({ where: { capsule: { number: 3 } } });
      expect(third.closeAt).toBeNull();
    });

    it("erases a student's openings with them, and purges them at the retention limit", async () => {
      const db = h.services.deps.db;
      for (const who of [hugo, lea]) {
        await h.as(who).click('capsule.watched', [ids[1] as string]);
        await answerAll(who, 1, ['1', '0']);
      }
      expect(await db.pathUnlock.count()).toBe(2);
      const hugoId = (await db.member.findFirstOrThrow({ where: { platformUserId: 's2' } })).id;
      await h.as(teacher).click('privacy.delete', [hugoId]);
      expect(await db.pathUnlock.count({ where: { memberId: hugoId } })).toBe(0);
      expect(await db.pathUnlock.count()).toBe(1);
      h.clock.set(new Date(h.clock.now().getTime() + 500 * 24 * 3600_000));
      await h.services.privacy.purgeExpired();
      expect(await db.pathUnlock.count()).toBe(0);
    });

    it('refuses bad settings in words and changes nothing', async () => {
      const bad = await h
        .as(teacher)
        .command('sequence pace', { name: 'Fractions', mode: 'self', threshold: 150 });
      expect(bad.private[0]?.text).toBe('« threshold » doit être entre 1 et 100 (valeur tapée : 150).');
      const mode = await h.as(teacher).command('sequence pace', { name: 'Fractions', mode: 'fast' });
      expect(mode.private[0]?.tone).toBe('error');
      const unknown = await h.as(teacher).command('sequence pace', { name: 'Nope', mode: 'self' });
      expect(unknown.private[0]?.text).toContain('« Nope »');
      const student = await h.as(lea).command('sequence pace', { name: 'Fractions', mode: 'class' });
      expect(student.private[0]?.tone).toBe('error');
      const sequence = await h.services.deps.db.sequence.findFirstOrThrow();
      expect([sequence.pace, sequence.masteryPercent]).toEqual(['self', 70]);
    });

    it('back to the class pace posts what was released privately', async () => {
      await h.as(teacher).command('sequence pace', { name: 'Fractions', mode: 'class' });
      const posted = texts(h.platform.channel.map((p) => p.card));
      expect(posted.some((t) => t.includes('Fractions 2'))).toBe(true);
      expect(posted.some((t) => t.includes('Fractions 3'))).toBe(true);
    });
  });
}
