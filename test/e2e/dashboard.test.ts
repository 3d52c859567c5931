// The teacher dashboard in headless Chromium: the one-time link from /dashboard, the button that
// signs in, the charts of the class and of a capsule (screenshots saved in test-results/), and
// another teacher's class refused.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { mountReports, reportsFeature } from '../../src/reports/index.ts';
import { cycleFixture, teacher } from '../integration/reports-fixture.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';
import { type Harness, harness, person } from '../support/harness.ts';
import { artifactsDir } from '../support/paths.ts';
import { chromiumAvailable, launchBrowser } from './support/sandbox-page.ts';

let testDb: TestDb;
let h: Harness;
let http: HttpServer;
let base: string;
let browser: Browser;
let otherClassId: string;

/** The link the bot sent, pointed at the test server (the harness's public URL is fixed). */
async function signInLink(): Promise<string> {
  const reply = await h.as(teacher).command('dashboard');
  const control = reply.private[0]?.controls?.[0]?.[0];
  if (control?.kind !== 'link') throw new Error('no sign-in link');
  const url = new URL(control.url);
  return `${base}${url.pathname}${url.search}`;
}

describe.skipIf(!chromiumAvailable())('the teacher dashboard in headless Chromium', () => {
  beforeAll(async () => {
    testDb = await sqliteTestDb();
    const reports = reportsFeature({ mailer: null });
    h = harness(testDb, undefined, [reports]);
    await cycleFixture(h);
    const other = await h.services.classes.setup(
      { platform: 'sandbox', workspaceId: 'school', channelId: 'class-3c' },
      person('t9', 'M. Autre'),
      { name: '3e C' },
    );
    otherClassId = other.id;
    http = createHttpServer({ logger: silentLogger, i18n: createI18n('fr') });
    mountReports(http, reports.kit);
    base = `http://127.0.0.1:${(await http.listen(0)).port}`;
    browser = await launchBrowser();
    mkdirSync(artifactsDir, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await http?.close();
    await testDb?.close();
  }, 30_000);

  it('signs in through the one-time link and shows the charts', async () => {
    const link = await signInLink();
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'fr-FR' });
    const page = await context.newPage();
    try {
      // Opening the link (as a chat preview would) does not use it; the button does.
      await page.goto(link);
      await page.getByRole('button', { name: 'Ouvrir mon tableau de bord' }).click();
      await page.getByRole('link', { name: '4e B' }).click();
      await page.getByRole('heading', { name: 'Avancement par capsule' }).waitFor();

      const completion = page.locator('[data-chart="completion"] svg');
      await expect.poll(() => completion.count()).toBe(1);
      const box = await completion.boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      expect(await completion.locator('rect').count()).toBeGreaterThan(3);
      expect(await page.locator('[data-chart="progress"] svg').count()).toBe(1);
      // Each section's title once: the heading, not drawn again at the top of its chart.
      for (const title of ['Avancement par capsule', 'Progression sur la séquence']) {
        // (the chart keeps it as its accessible name: <title>, not drawn)
        expect(await page.locator('h2, svg text', { hasText: title }).count(), title).toBe(1);
      }
      const table = await page.locator('table').first().innerText();
      expect(table).toContain('Léa');
      expect(table).toContain('100 %');
      const questions = await page.locator('section', { hasText: 'Questions ouvertes' }).innerText();
      expect(questions).toContain('Pourquoi le même dénominateur ?');
      expect(questions).toContain('anonyme');
      expect(questions).not.toContain('Hugo');
      await page.screenshot({ path: path.join(artifactsDir, 'dashboard-class.png'), fullPage: true });

      await page.getByRole('link', { name: /#1 Additionner des fractions/ }).click();
      await page.getByRole('heading', { name: 'Résultats du quiz par question' }).waitFor();
      expect(await page.locator('[data-chart="quiz"] svg').count()).toBe(1);
      const groups = await page.locator('section', { hasText: 'Groupes suggérés' }).innerText();
      expect(groups).toContain('Léa (100 %)');
      expect(groups).toContain('Inès ⚑');
      // Each group says why, in the words of the cards.
      expect(groups).toContain('acquis (≥ 80 %) : prêts pour un approfondissement');
      expect(groups).toContain('a compris et peut expliquer à');
      await page.screenshot({ path: path.join(artifactsDir, 'dashboard-capsule.png'), fullPage: true });

      const cookies = await context.cookies();
      expect(cookies.find((c) => c.name === 'inverso_dashboard')).toMatchObject({
        httpOnly: true,
        sameSite: 'Lax',
      });

      // Another teacher's class: refused, even by its address.
      const refused = await page.goto(`${base}/dashboard/class/${otherClassId}`);
      expect(refused?.status()).toBe(403);
      expect(await page.locator('body').innerText()).toContain("n'est pas l'une des vôtres");
    } finally {
      await context.close();
    }
  });

  it('answers a malformed address with a 404, not a server error', async () => {
    const token = new URL(await signInLink()).searchParams.get('token') ?? '';
    const signIn = await fetch(`${base}/dashboard/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const get = (where: string) => fetch(`${base}${where}`, { headers: { cookie } });
    const klass = await testDb.db.class.findFirstOrThrow({ where: { name: '4e B' } });
    const capsules = `/dashboard/class/${klass.id}/capsule`;
    expect((await get(`${capsules}/1`)).status).toBe(200);
    for (const where of [
      '/dashboard/%E0',
      `/dashboard/class/%E0%A4`,
      `${capsules}/%E0`,
      `${capsules}/${'9'.repeat(30)}`,
    ]) {
      const res = await get(where);
      expect(res.status, where).toBe(404);
      expect(await res.text()).toContain('<html');
    }
  });

  it('refuses a used or expired link, and pages without a session', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    try {
      const link = await signInLink();
      await page.goto(link);
      await page.getByRole('button', { name: 'Ouvrir mon tableau de bord' }).click();
      await page.getByRole('heading', { name: 'Vos classes' }).waitFor();
      const again = await page.goto(link);
      expect(again?.status()).toBe(400);

      const late = await signInLink();
      h.clock.advance(16 * 60_000);
      expect((await page.goto(late))?.status()).toBe(400);

      await context.clearCookies();
      expect((await page.goto(`${base}/dashboard`))?.status()).toBe(401);
      expect(await page.locator('body').innerText()).toContain('/dashboard');
    } finally {
      await context.close();
    }
  });
});
