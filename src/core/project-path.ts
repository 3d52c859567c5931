// Files read at run time (migrations, locales, the sandbox page, privacy notices, generated Prisma
// clients) live in the project beside package.json. The code runs from src/ under tsx and from
// dist/src/ once compiled, so their paths start from the project root, not from the running file.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Inverso: no package.json above ${from}`);
  }
}

const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

/** A path inside the project (the folder of package.json), from its segments. */
export function projectPath(...segments: string[]): string {
  return path.join(projectRoot, ...segments);
}
