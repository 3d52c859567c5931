// The sandbox in headless Chromium, where a teacher meets its forms and its restarts: a form with
// mistakes stays open with what was typed and each problem under its field; after `npm start`
// again (a new bot on the same SQLite file), the channel shows the class's messages and a student
// can still answer the quiz.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  launchBrowser,
  SandboxPage,
  startTestBot,
  type TestBot,
} from './support/sandbox-page.ts';

let browser: Browser;
let dir: string;
let bot: TestBot | undefined;

describe.skipIf(!chromiumAvailable())('the sandbox page: forms and restarts', () => {
  beforeAll(async () => {
    browser = await launchBrowser();
    dir = mkdtempSync(path.join(tmpdir(), 'inverso-restart-'));
  }, 60_000);

  afterAll(async () => {
    await bot?.stop().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('keeps a form open with every mistake, and rebuilds the channel after a restart', async () => {
    bot = await startTestBot(dir);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    const sandbox = new SandboxPage(await context.newPage());
    await sandbox.open(`${bot.url}/?member=teacher`, 'Mme Martin');
    // The demo capsule and its quiz go out now.
    await sandbox.type('/capsule post capsule:1');
    await sandbox.channelCard('1/2 + 1/4');

    // A schedule form with three mistakes: all shown at once, under their fields, text kept.
    await sandbox.type('/capsule schedule');
    const form = await sandbox.form('capsule.schedule');
    const typed = {
      title: 'Les fractions',
      url: 'pas-un-lien',
      publish: 'un jour',
      session: 'jeudi 10h',
      minutes: '999',
    };
    for (const [field, value] of Object.entries(typed)) await form.getByTestId(`field-${field}`).fill(value);
    await form.getByTestId('form-submit').click();
    await form.getByTestId('field-url-error').waitFor();
    expect(await form.getByTestId('field-url-error').textContent()).toContain(
      "« pas-un-lien » n'est pas un lien web",
    );
    expect(await form.getByTestId('field-publish-error').textContent()).toContain('un jour');
    expect(await form.getByTestId('field-minutes-error').textContent()).toContain('180');
    expect(await form.getByTestId('field-title-error').isHidden()).toBe(true);
    for (const [field, value] of Object.entries(typed))
      expect(await form.getByTestId(`field-${field}`).inputValue()).toBe(value);
    expect(await sandbox.page.getByTestId('form-dialog').isVisible()).toBe(true);
    await form.getByTestId('form-cancel').click();
    await context.close();
    await bot.stop();

    // npm start again, on the same database.
    bot = await startTestBot(dir);
    const again = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    const lea = new SandboxPage(await again.newPage());
    await lea.open(`${bot.url}/?member=lea`, 'Léa');
    await lea.channelCard('Additionner des fractions');
    await lea.press(await lea.channelCard('1/2 + 1/4'), '1B. 3/4'); // the quiz's questions share a message: numbered
    await lea.privateEntry('Bonne réponse');
    expect(lea.problems).toEqual([]);
    await again.close();
  }, 120_000);
});
