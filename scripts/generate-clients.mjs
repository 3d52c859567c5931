// Generates one Prisma client per provider (generated/prisma/sqlite, generated/prisma/postgres; not committed).
// Run by `npm install` (postinstall) and `npm run db:generate`. First the PostgreSQL copy of the
// schema is refreshed from the SQLite source, so the two can only differ in provider and output.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { postgresSchemaFrom } from './schema-copy.mjs';

const source = readFileSync('prisma/schema.prisma', 'utf8');
writeFileSync('prisma/postgres/schema.prisma', postgresSchemaFrom(source));

const runs = [
  ['prisma/schema.prisma', 'file:./data/generate.db'],
  ['prisma/postgres/schema.prisma', 'postgresql://localhost:5432/test'],
];
for (const [schema, url] of runs) {
  execFileSync('npx', ['prisma', 'generate', '--no-hints', '--schema', schema], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
}
