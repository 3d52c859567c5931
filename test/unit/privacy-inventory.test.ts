// The data inventory of docs/privacy/ must list every column of the Prisma schema, in French and
// in English, and nothing that does not exist: adding a column without saying whom it is about,
// why it is kept and for how long fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Stored columns per model: scalar fields of prisma/schema.prisma (relation fields hold nothing). */
function schemaColumns(source: string): Set<string> {
  const blocks = [...source.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)];
  const models = new Set(blocks.map((b) => b[1] as string));
  const columns = new Set<string>();
  for (const [, model, body] of blocks) {
    for (const raw of (body as string).split('\n')) {
      const line = raw.replace(/\/\/.*$/, '').trim();
      const field = /^(\w+)\s+(\w+)(\[\])?\??/.exec(line);
      if (!field || line.startsWith('@@')) continue;
      if (models.has(field[2] as string)) continue; // a relation, not a column
      columns.add(`${model}.${field[1]}`);
    }
  }
  return columns;
}

/** Rows of the inventory table: `| Table | Column | Person | What | Why | Kept for |`. */
function inventoryRows(markdown: string): { key: string; cells: string[] }[] {
  return markdown
    .split('\n')
    .filter((line) => /^\|\s*[A-Z]\w*\s*\|/.test(line))
    .map((line) =>
      line
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => c.trim()),
    )
    .filter((cells) => cells[0] !== 'Table')
    .map((cells) => ({ key: `${cells[0]}.${cells[1]}`, cells }));
}

const PERSONS = {
  en: ['student', 'teacher', 'parent', 'member', '—'],
  fr: ['élève', 'professeur', 'parent', 'membre', '—'],
};

describe('data inventory', () => {
  const columns = schemaColumns(readFileSync('prisma/schema.prisma', 'utf8'));

  it('reads the schema (a sanity check of the parser)', () => {
    expect(columns.has('Member.displayName')).toBe(true);
    expect(columns.has('Guardian.email')).toBe(true);
    expect(columns.has('Member.answers')).toBe(false);
    expect(columns.size).toBeGreaterThan(100);
  });

  for (const lang of ['en', 'fr'] as const) {
    describe(lang, () => {
      const rows = inventoryRows(readFileSync(`docs/privacy/${lang}/data-inventory.md`, 'utf8'));
      const listed = new Set(rows.map((r) => r.key));

      it('lists every column of the schema', () => {
        expect([...columns].filter((c) => !listed.has(c))).toEqual([]);
      });

      it('lists only columns that exist, once each', () => {
        expect(rows.map((r) => r.key).filter((k) => !columns.has(k))).toEqual([]);
        expect(rows.length).toBe(listed.size);
      });

      it('says about whom, what, why and how long for every column', () => {
        for (const { key, cells } of rows) {
          expect(cells, key).toHaveLength(6);
          expect(PERSONS[lang], key).toContain(cells[2]);
          for (const cell of cells.slice(3)) expect(cell.length, key).toBeGreaterThan(2);
        }
      });
    });
  }

  it('marks the same columns as personal in both languages', () => {
    const personal = (lang: 'en' | 'fr') =>
      inventoryRows(readFileSync(`docs/privacy/${lang}/data-inventory.md`, 'utf8'))
        .filter((r) => r.cells[2] !== '—')
        .map((r) => r.key);
    expect(personal('fr')).toEqual(personal('en'));
  });
});
