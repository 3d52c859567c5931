// Reads every row of every table of the schema (the model list comes from prisma/schema.prisma,
// so a table added later is scanned too) and finds the cells that contain any of some values:
// the proof that, after a deletion, nothing anywhere still names or points at a person.
import { readFileSync } from 'node:fs';
import type { Db } from '../../src/db/client.ts';

/** A cell that contains one of the values looked for. */
export interface Hit {
  model: string;
  column: string;
  value: string;
  found: string;
}

export function schemaModels(): string[] {
  const source = readFileSync('prisma/schema.prisma', 'utf8');
  return [...source.matchAll(/^model\s+(\w+)\s*\{/gm)].map((m) => m[1] as string);
}

type Delegate = { findMany(): Promise<Record<string, unknown>[]> };

/** Every cell of the database containing one of `needles` (strings compared as text). */
export async function findEverywhere(db: Db, needles: string[]): Promise<Hit[]> {
  const hits: Hit[] = [];
  const wanted = needles.filter((n) => n.length > 0);
  for (const model of schemaModels()) {
    const delegate = (db as unknown as Record<string, Delegate>)[model[0]?.toLowerCase() + model.slice(1)];
    if (!delegate) throw new Error(`no Prisma delegate for model ${model}`);
    for (const row of await delegate.findMany()) {
      for (const [column, cell] of Object.entries(row)) {
        if (cell === null || cell === undefined) continue;
        const text = cell instanceof Date ? cell.toISOString() : String(cell);
        for (const needle of wanted) {
          if (text.includes(needle)) hits.push({ model, column, value: text.slice(0, 120), found: needle });
        }
      }
    }
  }
  return hits;
}
