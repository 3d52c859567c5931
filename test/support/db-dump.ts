// Every row of every table, read generically from the database's own catalogue: tests that look
// for links between rows must see columns added after they were written, not a list kept by hand.
import type { TestDb } from './db.ts';

/** One row of one table, its columns as the driver returns them. */
export interface DumpedRow {
  table: string;
  row: Record<string, unknown>;
}

/** Table names of the application (the migration bookkeeping table is left out). */
export async function tableNames(tdb: TestDb): Promise<string[]> {
  const rows =
    tdb.provider === 'sqlite'
      ? await tdb.db.$queryRawUnsafe<{ name: string }[]>(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\'`,
        )
      : await tdb.db.$queryRawUnsafe<{ name: string }[]>(
          `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = $1 AND table_name NOT LIKE '\\_%'`,
          tdb.pgSchema,
        );
  return rows.map((r) => r.name).sort();
}

export async function dumpAll(tdb: TestDb): Promise<DumpedRow[]> {
  const out: DumpedRow[] = [];
  for (const table of await tableNames(tdb)) {
    const rows = await tdb.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
    for (const row of rows) out.push({ table, row });
  }
  return out;
}

/** A column's value in a comparable form: dates as epoch milliseconds, the rest as text. */
export function normalise(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return `time:${value.getTime()}`;
  if (typeof value === 'bigint') return String(value);
  return String(value);
}

/** Whether a column holds a time (SQLite returns epoch numbers or ISO text for DateTime). */
export function isTimeColumn(column: string): boolean {
  return /At$/.test(column);
}
