// Targeted review through the sandbox page in headless Chromium (issue 14 §2): the teacher
// schedules a capsule whose quiz sends a wrong answer back to the video at 2:13; Léa answers wrong,
// reads "watch again from 2:13", opens the bot's link (which redirects to the video at that
// moment), tries again for practice; the teacher's brief shows she watched again.
// Screenshots go to the system's temporary folder (review-*.png), never into the repository.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type RunningBot, startInverso } from '../../src/main.ts';
import { chromiumAvailable, launchBrowser, SandboxPage, wallClock } from './support/sandbox-page.ts';

const timeZone = 'Europe/Paris';
const video = 'https://tube.example/w/8kKXW5tPoM1SLMTzWfqrs5';
const quizText = `? Que vaut 2/4 ?
-> @2:13
- 2/8
* 1/2
- 4/2`;

/** A free port, so that the bot's PUBLIC_URL (its links) points at itself. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let dir: string;
let bot: RunningBot;
let url: string;
let browser: Browser;
let context: BrowserContext;

describe.skipIf(!chromiumAvailable())('targeted review in the sandbox page', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'inverso-review-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    [bot, browser] = await Promise.all([
      startInverso(
        loadConfig({
          DATABASE_URL: `file:${path.join(dir, 'e2e.db')}`,
          PORT: String(port),
          PUBLIC_URL: url,
          LOG_LEVEL: 'silent',
        }),
      ),
      launchBrowser(),
    ]);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    // No internet here: the video site is played by a page of our own.
    await context.route('https://tube.example/**', (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><title>Vidéo</title><h1>Fractions — la vidéo</h1><p id="at">${route.request().url()}</p>`,
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await bot?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('sends a wrong answer back to the video at 2:13, counts the click, and lets the student retry', async () => {
    const sandbox = new SandboxPage(await context.newPage());
    await sandbox.open(`${url}/?member=teacher`, 'Mme Martin');
    const start = new Date();
    const publish = wallClock(new Date(start.getTime() + 5 * 60_000), timeZone);
    const session = wallClock(new Date(start.getTime() + 3 * 24 * 3600_000), timeZone);
    await sandbox.type(
      `/capsule schedule title:"Fractions égales" url:${video} publish:"${publish}" session:"${session}" minutes:5`,
    );
    const scheduled = await sandbox.privateEntry('« Fractions égales » est planifiée');
    const number = /n°(\d+)/.exec(await sandbox.text(scheduled))?.[1];
    await sandbox.type(`/quiz create capsule:${number}`);
    await sandbox.submitForm('quiz.create', { text: quizText });
    await sandbox.privateEntry('enregistré avec 1 question');
    const jump = sandbox.page.getByTestId('clock-publish');
    await jump.filter({ hasText: publish.slice(-5) }).waitFor();
    await jump.click();

    // Léa answers wrong: she is sent back to the video at 2:13, with a retry.
    await sandbox.become('lea', 'Léa');
    await sandbox.press(await sandbox.channelCard('Que vaut 2/4'), 'A. 2/8');
    const feedback = await sandbox.privateEntry('Revois la vidéo à partir de 2:13');
    expect(await sandbox.text(feedback)).toContain('Pas tout à fait : tu as répondu A. 2/8.');
    expect(await sandbox.text(feedback)).not.toContain('1/2'); // kept for after the retry
    const link = feedback.getByTestId('link-▶️ Revoir à partir de 2:13');
    expect(await link.getAttribute('href')).toMatch(new RegExp(`^${url}/r/[0-9a-f-]{36}\\.[\\w-]{43}$`));
    await feedback.scrollIntoViewIfNeeded();
    await sandbox.screenshot(path.join(tmpdir(), 'review-feedback.png'));

    // The link opens a new tab: through the bot, on to the video at that moment.
    const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
    // The tab goes to the bot first, then on (302) to the video at that moment.
    await tab.waitForURL(`${video}?start=2m13s`);
    expect(await tab.locator('#at').textContent()).toBe(`${video}?start=2m13s`);
    await tab.screenshot({ path: path.join(tmpdir(), 'review-video.png') });
    await tab.close();

    // Try again: the question once more, privately; the right answer now is practice.
    await sandbox.press(feedback, '🔁 Réessayer');
    const again = await sandbox.privateEntry('ta première réponse reste celle qui compte');
    await sandbox.press(again, 'B. 1/2');
    const practice = await sandbox.privateEntry('Entraînement');
    expect(await sandbox.text(practice)).toContain('Bonne réponse');
    await sandbox.screenshot(path.join(tmpdir(), 'review-retry.png'));

    // The teacher's brief: Léa was sent to the video at 2:13, and watched again.
    await sandbox.become('teacher', 'Mme Martin');
    await sandbox.type(`/brief capsule:${number}`);
    const brief = await sandbox.privateEntry('Renvoyés vers une révision');
    expect(await sandbox.text(brief)).toContain('Q1 → la vidéo de la capsule à 2:13 : Léa ✅');
    expect(await sandbox.text(brief)).toContain('0 % de bonnes réponses (1 réponse)');
    await brief.getByText('Renvoyés vers une révision').scrollIntoViewIfNeeded();
    await sandbox.screenshot(path.join(tmpdir(), 'review-brief.png'));
    expect(sandbox.problems).toEqual([]);
  }, 120_000);
});
