// The whole flipped-class cycle through the sandbox page in headless Chromium, as people would do it:
// the teacher schedules a capsule and its quiz, the clock jumps to the publication, two students
// answer (each seeing only their own feedback), one asks anonymously, another upvotes, and the
// teacher reads the ranked questions without the author's name.
//
// `INVERSO_DOCS_SCREENSHOT=1 npx vitest run test/e2e/sandbox.test.ts` also refreshes docs/sandbox.png.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { artifactsDir } from '../support/paths.ts';
import {
  chromiumAvailable,
  launchBrowser,
  SandboxPage,
  startTestBot,
  type TestBot,
  wallClock,
} from './support/sandbox-page.ts';

const docsScreenshot = fileURLToPath(new URL('../../docs/sandbox.png', import.meta.url));
const timeZone = 'Europe/Paris';

const title = 'Fractions égales';
const quizText = `? Que vaut 2/4 ?
- 2/8
* 1/2
- 4/2
> On divise le haut et le bas par 2 : 2/4 = 1/2.

? 3/6 et 1/2 sont-elles égales ?
* Oui
- Non
> En simplifiant 3/6 par 3, on trouve 1/2.`;
const question = 'Pourquoi a-t-on le droit de simplifier une fraction ?';

let bot: TestBot;
let browser: Browser;
let context: BrowserContext;

describe.skipIf(!chromiumAvailable())('the sandbox page in headless Chromium', () => {
  beforeAll(async () => {
    [bot, browser] = await Promise.all([startTestBot(), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await bot?.stop();
  }, 30_000);

  it('runs the cycle: schedule, quiz, publish, answers, an anonymous question, an upvote, the list', async () => {
    mkdirSync(artifactsDir, { recursive: true });
    const sandbox = new SandboxPage(await context.newPage());
    onTestFailed(async () => {
      await sandbox.screenshot(path.join(artifactsDir, 'sandbox-e2e-failure.png')).catch(() => undefined);
    });

    // The teacher schedules a new capsule, five minutes ahead (before the demo's own capsule).
    await sandbox.open(`${bot.url}/?member=teacher`, 'Mme Martin');
    const start = new Date();
    const publish = wallClock(new Date(start.getTime() + 5 * 60_000), timeZone);
    const session = wallClock(new Date(start.getTime() + 3 * 24 * 3600_000), timeZone);
    await sandbox.type(
      `/capsule schedule title:"${title}" url:https://example.org/fractions-egales publish:"${publish}" session:"${session}" minutes:5`,
    );
    const scheduled = await sandbox.privateEntry(`« ${title} » est planifiée`);
    const number = /n°(\d+)/.exec(await sandbox.text(scheduled))?.[1];
    expect(number).toBeDefined();

    // The quiz is written in the form dialog that `/quiz create` opens.
    await sandbox.type(`/quiz create capsule:${number}`);
    await sandbox.submitForm('quiz.create', { text: quizText });
    await sandbox.privateEntry('enregistré avec 2 questions');

    // The clock bar offers our publication, then jumps to it: the capsule and its quiz appear.
    const jump = sandbox.page.getByTestId('clock-publish');
    await jump.filter({ hasText: publish.slice(-5) }).waitFor();
    await jump.click();
    const capsuleCard = await sandbox.channelCard(`Capsule n°${number} — ${title}`);
    expect(await sandbox.text(capsuleCard)).toContain("Je l'ai regardée");
    const question1 = await sandbox.channelCard('Que vaut 2/4');
    await sandbox.channelCard('3/6 et 1/2 sont-elles égales');

    // Léa answers right and sees her own feedback, privately.
    await sandbox.become('lea', 'Léa');
    await sandbox.press(await sandbox.channelCard('Que vaut 2/4'), '1B. 1/2');
    const leaFeedback = await sandbox.privateEntry('Bonne réponse');
    expect(await sandbox.text(leaFeedback)).toContain('B. 1/2');

    // Hugo answers wrong: his feedback only, never Léa's.
    await sandbox.become('hugo', 'Hugo');
    expect(await sandbox.text(sandbox.privatePanel)).not.toContain('Bonne réponse');
    await sandbox.press(await sandbox.channelCard(`Capsule n°${number} — ${title}`), "Je l'ai regardée");
    await sandbox.privateEntry('tu as regardé la capsule');
    await sandbox.press(await sandbox.channelCard('Que vaut 2/4'), '1A. 2/8');
    const hugoFeedback = await sandbox.privateEntry('Pas tout à fait');
    expect(await sandbox.text(hugoFeedback)).toContain('A. 2/8');
    expect(await sandbox.text(hugoFeedback)).toContain('On divise le haut et le bas par 2');
    expect(await sandbox.text(sandbox.privatePanel)).not.toContain('Bonne réponse');
    expect(await sandbox.text(sandbox.channel)).not.toContain('Pas tout à fait');
    // The channel shows a tally with no names.
    await question1.filter({ hasText: '2 réponses' }).waitFor();
    const tally = await sandbox.text(question1);
    expect(tally).toContain('2/8 — 1');
    expect(tally).toContain('1/2 — 1');
    expect(tally).not.toMatch(/Léa|Hugo/);
    if (process.env.INVERSO_DOCS_SCREENSHOT) await docsPicture(sandbox, `Capsule n°${number} — ${title}`);

    // Léa, back: still only her feedback; she asks a question anonymously from the capsule card.
    await sandbox.become('lea', 'Léa');
    expect(await sandbox.text(sandbox.privatePanel)).not.toContain('Pas tout à fait');
    await sandbox.press(await sandbox.channelCard(`Capsule n°${number} — ${title}`), 'Poser une question');
    const choice = await sandbox.privateEntry('Qui verra ton nom ?');
    await sandbox.press(choice, 'En anonyme');
    await sandbox.submitForm('question.askAnonymous', { text: question });
    await sandbox.privateEntry('publiée en anonyme');
    const asked = await sandbox.channelCard(question);
    expect(await sandbox.text(asked)).toContain('Question anonyme');
    expect(await sandbox.text(asked)).not.toContain('Léa');

    // Hugo supports it.
    await sandbox.become('hugo', 'Hugo');
    await sandbox.press(await sandbox.channelCard(question), '▲ Moi aussi');
    await sandbox.privateEntry('a maintenant 1 soutien');
    await (await sandbox.channelCard(question)).filter({ hasText: /Soutiens\s*1/ }).waitFor();

    // The teacher lists the questions: the anonymous one, upvoted once, with no author.
    await sandbox.become('teacher', 'Mme Martin');
    await sandbox.complete('/quest', 'questions');
    const list = await sandbox.privateEntry('Questions des élèves');
    await list.filter({ hasText: question }).waitFor();
    const listed = await sandbox.text(list);
    expect(listed).toContain(`${question} — anonyme · ▲ 1`);
    expect(listed).not.toContain('Léa');

    await sandbox.screenshot(path.join(artifactsDir, 'sandbox-e2e.png'));
    expect(await sandbox.page.getByTestId('page-error').isHidden()).toBe(true);
    expect(sandbox.problems).toEqual([]);
  }, 90_000);
});

/** The README's picture: the capsule card, a quiz question with its tally, private feedback. */
async function docsPicture(sandbox: SandboxPage, capsuleTitle: string): Promise<void> {
  const { page } = sandbox;
  await page.mouse.move(0, 0);
  await page.evaluate('document.activeElement?.blur()');
  // The channel scrolled so that the capsule card is at its top, the first question below it.
  const capsule = sandbox.channel.getByTestId('channel-message').filter({ hasText: capsuleTitle });
  await capsule.evaluate((node) => node.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: docsScreenshot, animations: 'disabled' });
}
