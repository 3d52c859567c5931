// Migrates one SQLite base file per test run; each test copies it (epic-stack's pattern), so every
// test gets a real, isolated database in a millisecond instead of re-running migrations.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from '../../src/db/migrate.ts';

let root: string;

export async function setup(): Promise<void> {
  const parent = fileURLToPath(new URL('../../.tmp', import.meta.url));
  mkdirSync(parent, { recursive: true });
  root = mkdtempSync(path.join(parent, 'test-'));
  process.env.INVERSO_TEST_ROOT = root;
  await migrate(`file:${path.join(root, 'base.db')}`);
}

export async function teardown(): Promise<void> {
  rmSync(root, { recursive: true, force: true });
}
