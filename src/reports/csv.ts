// The class results as CSV for the teacher's spreadsheet: one row per student and capsule. Built
// page by page (a generator), so a large class streams instead of sitting whole in memory.
import type { Translate } from '../core/i18n-types.ts';
import type { Db } from '../db/client.ts';
import { type ProgressCapsule, progressCapsules, progressLines } from './progress.ts';

/**
 * One CSV field: quoted when needed, and a leading = + - @ neutralised so a name typed as a
 * formula is never run by the spreadsheet (CSV injection).
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(fields: (string | number)[], separator: CsvSeparator = ','): string {
  return `${fields.map(csvField).join(separator)}\r\n`;
}

/** The list separator of a CSV file. */
export type CsvSeparator = ',' | ';';

/**
 * The separator a spreadsheet set to this language expects when it opens a CSV file: where the
 * decimal mark is a comma (French, German, Spanish…), Excel and LibreOffice split on semicolons.
 */
export function csvSeparator(locale: string): CsvSeparator {
  try {
    return new Intl.NumberFormat(locale).format(1.5).includes(',') ? ';' : ',';
  } catch {
    return ',';
  }
}

/** What the export needs to know besides the database. */
export interface CsvOptions {
  classId: string;
  sequenceId?: string | null;
  t: Translate;
  /** Session dates as the teacher reads them (their zone). */
  formatDate: (d: Date) => string;
  /** Students per page (default 200). */
  pageSize?: number;
  /** The list separator, from the reader's language (see {@link csvSeparator}); default `,`. */
  separator?: CsvSeparator;
}

/** How many data rows the export has (students × capsules), for "N rows" before a download. */
export async function csvRowCount(db: Db, classId: string, sequenceId?: string | null): Promise<number> {
  const capsules = await progressCapsules(db, classId, sequenceId);
  const students = await db.member.count({ where: { classId, role: 'student' } });
  // Plus one row per student who asked general questions (see rowsOf).
  const general = await db.studentQuestion.groupBy({
    by: ['authorId'],
    where: { classId, capsuleId: null, author: { role: 'student' } },
  });
  return capsules.length * students + general.length;
}

function rowsOf(
  capsules: ProgressCapsule[],
  line: Awaited<ReturnType<typeof progressLines>>[number],
  o: CsvOptions,
): string {
  const sep = o.separator ?? ',';
  const rows = capsules.map((c, i) => {
    const cell = line.cells[i];
    if (!cell) return '';
    return csvLine(
      [
        line.name,
        c.number,
        c.title,
        c.sequence ?? '',
        o.formatDate(c.sessionAt),
        cell.watched ? o.t('reports:csv.yes') : o.t('reports:csv.no'),
        cell.answered,
        c.questions,
        cell.right,
        cell.score === null ? '' : Math.round(cell.score * 100),
        cell.asked,
        cell.laterRight,
      ],
      sep,
    );
  });
  // Questions asked while no capsule was current belong to none: one more row says how many.
  if (line.general > 0) {
    rows.push(
      csvLine([line.name, '', o.t('reports:csv.general'), '', '', '', '', '', '', '', line.general, ''], sep),
    );
  }
  return rows.join('');
}

/** The CSV text in chunks: a byte-order mark and the header, then one chunk per page of students. */
export async function* progressCsv(db: Db, o: CsvOptions): AsyncGenerator<string> {
  const t = o.t;
  yield `\uFEFF${csvLine(
    [
      t('reports:csv.student'),
      t('reports:csv.capsule'),
      t('reports:csv.title'),
      t('reports:csv.sequence'),
      t('reports:csv.session'),
      t('reports:csv.watched'),
      t('reports:csv.answered'),
      t('reports:csv.questions'),
      t('reports:csv.right'),
      t('reports:csv.score'),
      t('reports:csv.asked'),
      t('reports:csv.laterRight'),
    ],
    o.separator ?? ',',
  )}`;
  const capsules = await progressCapsules(db, o.classId, o.sequenceId);
  const pageSize = o.pageSize ?? 200;
  let cursor: string | undefined;
  for (;;) {
    const page = await db.member.findMany({
      where: { classId: o.classId, role: 'student' },
      orderBy: { id: 'asc' },
      take: pageSize,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      select: { id: true },
    });
    if (page.length === 0) return;
    cursor = page[page.length - 1]?.id;
    const lines = await progressLines(
      db,
      o.classId,
      capsules,
      page.map((m) => m.id),
    );
    yield lines.map((line) => rowsOf(capsules, line, o)).join('');
    if (page.length < pageSize) return;
  }
}
