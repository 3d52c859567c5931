// The sandbox page as people use it, for the end-to-end test: a bot on a fresh SQLite file, one
// headless Chromium, and a page object whose steps wait with Playwright's locators (no sleeps).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { loadConfig } from '../../../src/config.ts';
import { type RunningBot, startInverso } from '../../../src/main.ts';
import { chromiumRequirement } from '../../support/requirements.ts';

/** How long one step may wait: generous for a loaded 2-core machine. */
export const stepTimeout = 15_000;

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether this end-to-end suite runs: Chromium is there, or CI is set (then it runs and fails). */
export function chromiumAvailable(): boolean {
  return chromiumRequirement(chromiumPath);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The bot on its own SQLite file in a temporary folder, removed by `stop`. */
export interface TestBot {
  url: string;
  stop(): Promise<void>;
}

/** A bot; with `dir`, on the SQLite file in that folder, which `stop` then leaves for a restart. */
export async function startTestBot(dir?: string): Promise<TestBot> {
  const keep = dir !== undefined;
  dir ??= mkdtempSync(path.join(tmpdir(), 'inverso-e2e-'));
  let bot: RunningBot;
  try {
    const config = loadConfig({
      DATABASE_URL: `file:${path.join(dir, 'e2e.db')}`,
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    bot = await startInverso(config);
  } catch (error) {
    if (!keep) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${bot.port}`,
    async stop() {
      try {
        await bot.stop();
      } finally {
        if (!keep) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** `YYYY-MM-DD HH:mm` in a time zone, as a teacher types a date. */
export function wallClock(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The page of one browser tab, acting as whoever the member picker says. */
export class SandboxPage {
  readonly page: Page;
  /** Problems the page met: script errors and API calls the server refused. */
  readonly problems: string[] = [];

  constructor(page: Page) {
    this.page = page;
    page.setDefaultTimeout(stepTimeout);
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.url().includes('/sandbox/') && response.status() >= 400) {
        this.problems.push(`${response.request().method()} ${response.url()} -> ${response.status()}`);
      }
    });
  }

  get channel(): Locator {
    return this.page.getByTestId('message-list');
  }

  get privatePanel(): Locator {
    return this.page.getByTestId('private-list');
  }

  /** Opens the page and waits until it shows the member's view. */
  async open(url: string, memberName: string): Promise<void> {
    await this.page.goto(url);
    await this.waitForMember(memberName);
  }

  /** Acts as another member, through the picker, and waits until the page shows their view. */
  async become(memberId: string, memberName: string): Promise<void> {
    await this.page.getByTestId('member-picker').selectOption(memberId);
    await this.waitForMember(memberName);
  }

  async waitForMember(memberName: string): Promise<void> {
    // The private hint, the lists and the picker are drawn together once the member's state is in.
    await this.page.locator('#private-hint').filter({ hasText: memberName }).waitFor();
    await this.page.locator('body:not(.loading)').waitFor();
  }

  /** Types a line in the composer and sends it with the button. */
  async type(line: string): Promise<void> {
    const input = this.page.getByTestId('composer-input');
    await input.fill(line);
    await this.page.getByTestId('send-button').click();
    // The page echoes the typed line privately once the bot has it.
    await this.privatePanel
      .getByTestId('command-echo')
      .filter({ hasText: line.slice(0, 40) })
      .last()
      .waitFor();
  }

  /**
   * Types the start of a command key by key, completes it from the suggestions with Tab, and sends
   * it with Enter, as the composer's help-as-you-type invites.
   */
  async complete(start: string, command: string): Promise<void> {
    const input = this.page.getByTestId('composer-input');
    await input.click();
    await input.pressSequentially(start);
    await this.page.locator(`[data-testid="suggestion"][data-value="${command}"]`).waitFor();
    await input.press('Tab');
    const completed = await input.inputValue();
    if (completed !== `/${command} `) throw new Error(`the composer completed "${completed}"`);
    await input.press('Enter');
    await this.privatePanel
      .getByTestId('command-echo')
      .filter({ hasText: `/${command}` })
      .last()
      .waitFor();
  }

  /** The open dialog of a form, once it has arrived. */
  async form(formId: string): Promise<Locator> {
    const form = this.page.locator(`[data-testid="form"][data-form="${formId}"]`);
    await form.waitFor();
    return form;
  }

  /** Fills the open form's fields and submits it; resolves when the dialog closed. */
  async submitForm(formId: string, values: Record<string, string>): Promise<void> {
    const form = await this.form(formId);
    for (const [field, value] of Object.entries(values)) await form.getByTestId(`field-${field}`).fill(value);
    await form.getByTestId('form-submit').click();
    await this.page.getByTestId('form-dialog').waitFor({ state: 'hidden' });
  }

  /** A card of the channel holding this text, once it is shown. */
  async channelCard(text: string | RegExp): Promise<Locator> {
    const card = this.channel.getByTestId('card').filter({ hasText: text }).last();
    await card.waitFor();
    return card;
  }

  /** An entry of the private panel holding this text, once it is shown. */
  async privateEntry(text: string | RegExp): Promise<Locator> {
    const entry = this.privatePanel.getByTestId('private-entry').filter({ hasText: text }).last();
    await entry.waitFor();
    return entry;
  }

  /** Presses a button of a card (buttons are disabled while their request runs). */
  async press(card: Locator, label: string): Promise<void> {
    const button = card.getByTestId(`button-${label}`);
    await button.click();
  }

  async text(locator: Locator): Promise<string> {
    return (await locator.textContent()) ?? '';
  }

  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file });
  }
}
