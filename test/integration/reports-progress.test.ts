// /progress: a student sees only their own; a teacher sees one student or the class table, and
// gets the CSV (inline when short, and by a signed, expiring link served by the HTTP server).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { mountReports, reportsFeature } from '../../src/reports/index.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';
import { type Harness, harness } from '../support/harness.ts';
import { cycleFixture, hugo, lea, teacher } from './reports-fixture.ts';

describe('progress', () => {
  let testDb: TestDb;
  let h: Harness;
  let http: HttpServer;
  let base: string;

  beforeEach(async () => {
    testDb = await sqliteTestDb();
    h = harness(testDb, undefined, [reportsFeature({ mailer: null })]);
    http = createHttpServer({ logger: silentLogger });
    mountReports(http, h.services);
    base = `http://127.0.0.1:${(await http.listen(0)).port}`;
    await cycleFixture(h);
  });
  afterEach(async () => {
    await http.close();
    await testDb.close();
  });

  const local = (url: string) => `${base}${new URL(url).pathname}${new URL(url).search}`;

  it('shows a student their own progress only', async () => {
    const own = await h.as(lea).command('progress');
    expect(own.private[0]?.title).toBe('Progression — Léa');
    expect(own.private[0]?.text).toContain(
      '**#1 Additionner des fractions** — ✓ regardée · quiz 2/2 · 100 % · 1 question posée',
    );
    expect(own.private[0]?.text).toContain('**regardées 1/1 · score au quiz 100 % · 1 question posée**');
    expect(own.private[0]?.text).not.toMatch(/Hugo|Inès/);
    // Hugo's anonymous question is counted for nobody.
    const his = await h.as(hugo).command('progress');
    expect(his.private[0]?.text).toContain('✗ not watched · quiz 2/2 · 50 %');
    expect(his.private[0]?.text).toContain('0 questions asked');
    const other = await h.as(hugo).command('progress', { user: 'Léa' });
    expect(other.private[0]?.text).toBe('You can only see your own progress.');
    const csv = await h.as(hugo).command('progress', { csv: true });
    expect(csv.private[0]?.tone).toBe('error');
  });

  it('shows the teacher the class table and one student', async () => {
    const table = await h.as(teacher).command('progress');
    expect(table.private[0]?.title).toBe('Progression de la classe (1 capsule)');
    expect(table.private[0]?.text?.split('\n').slice(2)).toEqual([
      '**Hugo** — regardées 0/1 · score au quiz 50 % · 0 question posée',
      '**Inès** — regardées 0/1 · aucun quiz fait · 0 question posée',
      '**Léa** — regardées 1/1 · score au quiz 100 % · 1 question posée',
    ]);
    const one = await h.as(teacher).command('progress', { user: 'hugo' });
    expect(one.private[0]?.title).toBe('Progression — Hugo');
    const unknown = await h.as(teacher).command('progress', { sequence: 'Nope' });
    expect(unknown.private[0]?.text).toBe("Aucune séquence ne s'appelle « Nope ».");
  });

  it('gives the teacher the CSV inline and by a signed link that expires', async () => {
    const reply = await h.as(teacher).command('progress', { csv: true });
    const card = reply.private[0];
    expect(card?.text).toContain('3 lignes');
    expect(card?.text).toContain(
      'élève,capsule,titre,séquence,séance,regardée,réponses,questions du quiz,bonnes réponses,score %,questions posées,trouvées ensuite',
    );
    const link = card?.controls?.[0]?.[0];
    expect(link?.kind).toBe('link');
    const url = link?.kind === 'link' ? link.url : '';
    const response = await fetch(local(url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const csv = await response.text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^Hugo,1,Additionner des fractions,,.*,non,2,2,1,50,0,0$/);
    expect(lines[3]).toMatch(/^Léa,1,Additionner des fractions,,.*,oui,2,2,2,100,1,0$/);

    expect((await fetch(local(url).replace(/s=[\w-]+/, 's=forged'))).status).toBe(403);
    h.clock.advance(16 * 60_000);
    expect((await fetch(local(url))).status).toBe(403);
  });
});
