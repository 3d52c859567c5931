// Every import in src/ points down the layers drawn in the README, no module imports itself back
// through others, and no module keeps state of its own. Imports are read with TypeScript's own pre-processor (static, type-only,
// re-exports and import() types alike), so the rule sees what tsc sees. Why a test and not a
// linter plugin: docs/decisions/0009-layers.md.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src', import.meta.url));

/**
 * Top-level parts of src/, highest first. A part may import only from parts in later rows; parts
 * in one row are siblings and do not import each other. Files directly in src/ are parts too.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['main'],
  ['wiring'],
  ['privacy'],
  ['platforms', 'reports'],
  ['commands'],
  ['services'],
  ['scheduler', 'http', 'mail', 'i18n', 'metrics'],
  ['domain', 'db', 'config'],
  ['core'],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The part of src/ a file belongs to: its top-level folder, or its name for a file in src/. */
function partOf(file: string): string {
  const [first = ''] = path.relative(src, file).split(path.sep);
  return first.replace(/\.ts$/, '');
}

function rankOf(part: string): number {
  const rank = LAYERS.findIndex((row) => row.includes(part));
  if (rank < 0) throw new Error(`src/${part} is in no layer: add it to LAYERS and to the README's drawing`);
  return rank;
}

/** Relative imports of a file that land inside src/, as absolute paths. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((ref) => ref.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => path.resolve(path.dirname(file), name))
    .filter((target) => !path.relative(src, target).startsWith('..'));
}

const files = sourceFiles(src);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const show = (file: string): string => path.relative(src, file).split(path.sep).join('/');

/** Groups of files that reach each other through imports (Tarjan's strongly connected components). */
function cycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(show(member));
      } while (member !== file);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return found;
}

describe('layers of src/', () => {
  it('reads the imports it checks', () => {
    // Guards the checker itself: wiring.ts assembles the services, so it must be seen importing them.
    const wiring = graph.get(path.join(src, 'wiring.ts')) ?? [];
    expect(wiring.map(partOf)).toContain('services');
  });

  it('has every import point down, never up nor sideways between top-level folders', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = partOf(file);
      for (const target of targets) {
        const to = partOf(target);
        if (from !== to && rankOf(to) <= rankOf(from)) wrong.push(`${show(file)} -> ${show(target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(cycles()).toEqual([]);
  });

  it('keeps no state in modules: no top-level let or var', () => {
    // State lives in objects that main.ts or wiring.ts build and pass on, never in a module.
    const found = files.flatMap((file) => {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
      return source.statements
        .filter(ts.isVariableStatement)
        .filter((statement) => !(statement.declarationList.flags & ts.NodeFlags.Const))
        .map((statement) => `${show(file)}: ${statement.getText(source).split('\n')[0]}`);
    });
    expect(found).toEqual([]);
  });
});
