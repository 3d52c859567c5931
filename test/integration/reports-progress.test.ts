// /progress: a student sees only their own; a teacher sees one student or the class table, and
// gets the CSV (inline when short, and by a signed, expiring link served by the HTTP server).
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { csvSeparator, progressCsv } from '../../src/reports/csv.ts';
import { mountReports, reportsFeature } from '../../src/reports/index.ts';
import { progressCapsules, progressLines } from '../../src/reports/progress.ts';
import { sqliteTestDb, type TestDb } from '../support/db.ts';
import { type Harness, harness } from '../support/harness.ts';
import { cycleFixture, hugo, ines, lea, teacher } from './reports-fixture.ts';

/** Reads a CSV back as a spreadsheet set to that separator would, byte-order mark included. */
function readCsv(text: string, delimiter: string): string[][] {
  return parse(text, {
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][];
}

describe('progress', () => {
  let testDb: TestDb;
  let h: Harness;
  let http: HttpServer;
  let base: string;

  beforeEach(async () => {
    testDb = await sqliteTestDb();
    const reports = reportsFeature({ mailer: null });
    h = harness(testDb, undefined, [reports]);
    http = createHttpServer({ logger: silentLogger });
    mountReports(http, reports.kit);
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
    // A spreadsheet set to French splits on semicolons.
    expect(card?.text).toContain(
      'élève;capsule;titre;séquence;séance;regardée;réponses;questions du quiz;bonnes réponses;score %;questions posées;trouvées ensuite',
    );
    const link = card?.controls?.[0]?.[0];
    expect(link?.kind).toBe('link');
    const url = link?.kind === 'link' ? link.url : '';
    const response = await fetch(local(url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const csv = await response.text();
    const rows = readCsv(csv, ';');
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.length === 12)).toBe(true);
    expect(rows[1]).toEqual([
      'Hugo',
      '1',
      'Additionner des fractions',
      '',
      expect.any(String),
      'non',
      '2',
      '2',
      '1',
      '50',
      '0',
      '0',
    ]);
    expect(rows[3]?.slice(-7)).toEqual(['oui', '2', '2', '2', '100', '1', '0']);

    expect((await fetch(local(url).replace(/s=[\w-]+/, 's=forged'))).status).toBe(403);
    h.clock.advance(16 * 60_000);
    expect((await fetch(local(url))).status).toBe(403);
  });

  it('writes the CSV for a spreadsheet in English with commas, names with commas kept whole', async () => {
    expect(csvSeparator('fr')).toBe(';');
    expect(csvSeparator('en-GB')).toBe(',');
    await testDb.db.member.updateMany({
      where: { displayName: 'Léa' },
      data: { displayName: 'Martin, Léa' },
    });
    const klass = await testDb.db.class.findFirstOrThrow();
    let csv = '';
    for await (const chunk of progressCsv(testDb.db, {
      classId: klass.id,
      t: h.services.deps.i18n.t('en'),
      formatDate: (d) => h.services.deps.i18n.formatDate(d, 'en', klass.timeZone, 'short'),
      separator: csvSeparator('en'),
    })) {
      csv += chunk;
    }
    const rows = readCsv(csv, ',');
    expect(rows[0]?.[0]).toBe('student');
    expect(rows.every((row) => row.length === 12)).toBe(true);
    expect(rows.find((row) => row[0] === 'Martin, Léa')?.slice(-7)).toEqual([
      'yes',
      '2',
      '2',
      '2',
      '100',
      '1',
      '0',
    ]);
  });

  it('counts a question asked with no capsule: on the current capsule, else as a general one', async () => {
    // Capsule 1 is current (published, session Thursday): the question is about it.
    await h.as(ines).command('ask', { text: 'Je ne comprends pas les dénominateurs' });
    const attached = await testDb.db.studentQuestion.findFirstOrThrow({
      where: { text: { startsWith: 'Je ne' } },
    });
    expect(attached.capsuleId).not.toBeNull();
    // After the session, no capsule is current: a general question.
    h.clock.set(new Date('2026-11-27T10:00:00Z'));
    await h.as(ines).command('ask', { text: 'Quand est le prochain contrôle ?' });
    const general = await testDb.db.studentQuestion.findFirstOrThrow({
      where: { text: { startsWith: 'Quand' } },
    });
    expect(general.capsuleId).toBeNull();

    const table = await h.as(teacher).command('progress');
    expect(table.private[0]?.text).toContain(
      '**Inès** — regardées 0/1 · aucun quiz fait · 2 questions posées',
    );
    const brief = await h.as(teacher).command('brief', { capsule: '1' });
    expect(JSON.stringify(brief.private)).toContain('Je ne comprends pas les dénominateurs');
    const reply = await h.as(teacher).command('progress', { csv: true });
    expect(reply.private[0]?.text).toContain('4 lignes');
    const rows = readCsv((reply.private[0]?.text?.split('```')[1] ?? '').trim(), ';');
    const ines1 = rows.filter((row) => row[0] === 'Inès');
    expect(ines1.map((row) => [row[1], row[2], row[10]])).toEqual([
      ['1', 'Additionner des fractions', '1'],
      ['', 'Questions générales (hors capsule)', '1'],
    ]);
    // The dashboard's table reads the same lines.
    const klass = await testDb.db.class.findFirstOrThrow();
    const lines = await progressLines(testDb.db, klass.id, await progressCapsules(testDb.db, klass.id));
    expect(lines.find((l) => l.name === 'Inès')).toMatchObject({ asked: 2, general: 1 });
  });
});
