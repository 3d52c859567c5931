// A self-paced sequence played in the sandbox page in headless Chromium (issue 14 §1): the teacher
// schedules two capsules of one sequence and sets it self-paced; at the publication only the first
// is posted; Léa watches it and answers its quiz, the second opens for her privately; `/path`
// shows her path, and the teacher's `/path` the spread. Screenshots go to the test artifacts.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
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

const timeZone = 'Europe/Paris';
const quizText = `? Que vaut 2/4 ?
- 2/8
* 1/2
- 4/2

? 3/6 et 1/2 sont-elles égales ?
* Oui
- Non`;

let bot: TestBot;
let browser: Browser;
let context: BrowserContext;

describe.skipIf(!chromiumAvailable())('a self-paced sequence in the sandbox page', () => {
  beforeAll(async () => {
    [bot, browser] = await Promise.all([startTestBot(), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await bot?.stop();
  }, 30_000);

  it('opens the next capsule for a student who mastered the first, and shows the paths', async () => {
    mkdirSync(artifactsDir, { recursive: true });
    const shots = process.env.INVERSO_PATH_SCREENSHOTS ?? artifactsDir;
    const sandbox = new SandboxPage(await context.newPage());
    onTestFailed(async () => {
      await sandbox.screenshot(path.join(artifactsDir, 'self-paced-failure.png')).catch(() => undefined);
    });

    await sandbox.open(`${bot.url}/?member=teacher`, 'Mme Martin');
    const start = new Date();
    const publish = wallClock(new Date(start.getTime() + 5 * 60_000), timeZone);
    const session = wallClock(new Date(start.getTime() + 3 * 24 * 3600_000), timeZone);
    const numbers: string[] = [];
    for (const title of ['Proportions 1', 'Proportions 2']) {
      await sandbox.type(
        `/capsule schedule title:"${title}" url:https://example.org/${title.at(-1)} publish:"${publish}" session:"${session}" minutes:5 sequence:Proportions`,
      );
      const scheduled = await sandbox.privateEntry(`« ${title} » est planifiée`);
      numbers.push(/n°(\d+)/.exec(await sandbox.text(scheduled))?.[1] ?? '');
    }
    await sandbox.type(`/quiz create capsule:${numbers[0]}`);
    await sandbox.submitForm('quiz.create', { text: quizText });
    await sandbox.privateEntry('enregistré avec 2 questions');
    await sandbox.type('/sequence pace name:Proportions mode:self threshold:70 stuck-days:3');
    await sandbox.privateEntry('au rythme de chaque élève');

    // The publication: only the first capsule (and its quiz) reaches the channel.
    const jump = sandbox.page.getByTestId('clock-publish');
    await jump
      .filter({ hasText: publish.slice(-5) })
      .first()
      .click();
    const first = await sandbox.channelCard(`Capsule n°${numbers[0]} — Proportions 1`);
    expect(await sandbox.text(sandbox.channel)).not.toContain('Proportions 2');

    // Léa watches it and gets both questions right: capsule 2 opens for her, privately.
    await sandbox.become('lea', 'Léa');
    await sandbox.press(first, "Je l'ai regardée");
    await sandbox.privateEntry('tu as regardé la capsule');
    await sandbox.press(await sandbox.channelCard('Que vaut 2/4'), '1B. 1/2');
    await sandbox.privateEntry('Bonne réponse');
    await sandbox.press(await sandbox.channelCard('3/6 et 1/2 sont-elles égales'), '2A. Oui');
    const opened = await sandbox.privateEntry(`La capsule #${numbers[1]} est ouverte pour toi`);
    expect(await sandbox.text(opened)).toContain('/path');
    await sandbox.type('/path');
    const own = await sandbox.privateEntry('Ton parcours — Proportions');
    const ownText = await sandbox.text(own);
    expect(ownText).toContain(`✅ #${numbers[0]} Proportions 1 — 100 %`);
    expect(ownText).toContain('Proportions 2 — en cours');
    await own.scrollIntoViewIfNeeded();
    await sandbox.screenshot(path.join(shots, 'path-student.png'));
    expect(await sandbox.text(sandbox.channel)).not.toContain('Proportions 2');

    // Hugo has done nothing: capsule 2 is locked for him.
    await sandbox.become('hugo', 'Hugo');
    await sandbox.type('/path');
    const his = await sandbox.text(await sandbox.privateEntry('Ton parcours — Proportions'));
    expect(his).toContain(`🔒 #${numbers[1]} Proportions 2`);

    // The teacher sees the spread.
    await sandbox.become('teacher', 'Mme Martin');
    await sandbox.type('/path');
    const spread = await sandbox.privateEntry('Séquences au rythme de chacun');
    expect(await sandbox.text(spread)).toContain(`#${numbers[1]} Proportions 2 : 1 élève`);
    await spread.scrollIntoViewIfNeeded();
    await sandbox.screenshot(path.join(shots, 'path-teacher.png'));
    expect(await sandbox.page.getByTestId('page-error').isHidden()).toBe(true);
    expect(sandbox.problems).toEqual([]);
  }, 120_000);
});
