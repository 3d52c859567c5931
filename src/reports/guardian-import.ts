// Reading a guardians' roster: `student,guardian_email,language` per line (comma, semicolon or tab,
// as spreadsheets export it; a header line is optional). Pure: rows come out validated, or every
// bad line comes out with its number and what is wrong, so the teacher can fix them all at once.
import { createRequire } from 'node:module';
import { hasUnstorable } from '../core/text-input.ts';

/** A roster line that passed the checks this file can make (the student is resolved later). */
export interface RosterRow {
  line: number;
  student: string;
  email: string;
  language: string;
}

/** A rejected line: its number in the text, and a translation key with parameters. */
export interface RosterProblem {
  line: number;
  reason:
    | 'columns'
    | 'email'
    | 'language'
    | 'student'
    | 'ambiguous'
    | 'duplicate'
    | 'unreadable'
    | 'characters';
  value: string;
}

// The CSV parser loads at the first roster imported, not at start: most runs import none.
const require = createRequire(import.meta.url);
const csv = () => require('csv-parse/sync') as typeof import('csv-parse/sync');

// U+FFFD is what a broken character becomes on the way: never part of an address we would write to.
const EMAIL =
  /^[^\s@<>(),;:"[\]\p{Cc}\uFFFD]+@[^\s@<>(),;:"[\]\p{Cc}\uFFFD]+\.[^\s@<>(),;:"[\]\p{Cc}\uFFFD]{2,}$/u;

/** A lower-cased address, or null when it does not look like one. */
export function normaliseEmail(text: string): string | null {
  const email = text.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? email : null;
}

/** Parses the roster text. `languages` are those the bot writes in. */
export function parseRoster(
  text: string,
  languages: string[],
): { rows: RosterRow[]; problems: RosterProblem[] } {
  const rows: RosterRow[] = [];
  const problems: RosterProblem[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // Spreadsheets and text areas mix line endings; one kind keeps the line numbers right.
    // A line holding what no column can store is refused by its number, before the parser would
    // quietly turn it into U+FFFD; the blank left in its place keeps the other numbers right.
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    lines.forEach((content, i) => {
      if (!hasUnstorable(content)) return;
      problems.push({ line: i + 1, reason: 'characters', value: '' });
      lines[i] = '';
    });
    records = csv().parse(lines.join('\n'), {
      delimiter: [',', ';', '\t'],
      record_delimiter: '\n',
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = Number((error as { lines?: unknown }).lines ?? 1);
    return { rows, problems: [{ line: Number.isFinite(line) ? line : 1, reason: 'unreadable', value: '' }] };
  }
  const seen = new Set<string>();
  records.forEach(({ record, info }, index) => {
    const line = info.lines;
    const [student = '', email = '', language = ''] = record.map((c) => c.trim());
    // A header line names the columns; it is recognised in either language and skipped.
    if (index === 0 && /^(student|élève|eleve)$/i.test(student)) return;
    if (record.filter((c) => c.trim() !== '').length !== 3) {
      problems.push({ line, reason: 'columns', value: record.join(',').slice(0, 60) });
      return;
    }
    const address = normaliseEmail(email);
    if (!address) {
      problems.push({ line, reason: 'email', value: email.slice(0, 60) });
      return;
    }
    const lang = language.toLowerCase().split(/[-_]/)[0] ?? '';
    if (!languages.includes(lang)) {
      problems.push({ line, reason: 'language', value: language.slice(0, 20) });
      return;
    }
    const key = `${student.toLowerCase()}|${address}`;
    if (seen.has(key)) {
      problems.push({ line, reason: 'duplicate', value: `${student}, ${address}`.slice(0, 60) });
      return;
    }
    seen.add(key);
    rows.push({ line, student, email: address, language: lang });
  });
  return { rows, problems };
}
