// `npm run db:migration -- <name>`: writes the next migration for SQLite and PostgreSQL, offline.
// Prisma's migrate commands cannot run here (docs/decisions/0002-prisma-offline.md), so the SQL is
// the diff between the schema as of the last migration (prisma/migrations/schema.snapshot.prisma)
// and the edited source. The PostgreSQL diff opens a connection through the pg adapter, so it needs
// a reachable server (MIGRATION_PG_URL, default the local test database).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { postgresSchemaFrom } from './schema-copy.mjs';

const name = process.argv[2];
if (!name || !/^[a-z0-9][a-z0-9-]*$/.test(name)) {
  console.error('usage: npm run db:migration -- <kebab-case-name>');
  process.exit(2);
}

const root = 'prisma/migrations';
const snapshot = path.join(root, 'schema.snapshot.prisma');
const tmp = '.tmp/migration';
mkdirSync(tmp, { recursive: true });
mkdirSync('data', { recursive: true });

const source = readFileSync('prisma/schema.prisma', 'utf8');
const targets = [
  { provider: 'sqlite', to: source, url: 'file:./data/migration-diff.db' },
  {
    provider: 'postgres',
    to: postgresSchemaFrom(source),
    url: process.env.MIGRATION_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
  },
];

const existing = existsSync(path.join(root, 'sqlite')) ? readdirSync(path.join(root, 'sqlite')) : [];
const next = String(existing.filter((f) => f.endsWith('.sql')).length + 1).padStart(4, '0');

for (const target of targets) {
  const toFile = path.join(tmp, `${target.provider}-to.prisma`);
  writeFileSync(toFile, target.to);
  const from = ['--from-empty'];
  if (existsSync(snapshot)) {
    const before = readFileSync(snapshot, 'utf8');
    const fromFile = path.join(tmp, `${target.provider}-from.prisma`);
    writeFileSync(fromFile, target.provider === 'sqlite' ? before : postgresSchemaFrom(before));
    from.splice(0, 1, '--from-schema-datamodel', fromFile);
  }
  const sql = execFileSync(
    'npx',
    ['prisma', 'migrate', 'diff', ...from, '--to-schema-datamodel', toFile, '--script'],
    {
      env: { ...process.env, DATABASE_URL: target.url },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  ).replace(/^Loaded Prisma config.*\n/m, '');
  if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    console.error(`No schema change for ${target.provider}: nothing written.`);
    process.exit(1);
  }
  mkdirSync(path.join(root, target.provider), { recursive: true });
  const file = path.join(root, target.provider, `${next}_${name}.sql`);
  writeFileSync(file, sql.trimStart());
  console.log(`wrote ${file}`);
}
writeFileSync(snapshot, source);
writeFileSync('prisma/postgres/schema.prisma', postgresSchemaFrom(source));
