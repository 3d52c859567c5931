// Prisma CLI configuration. Prisma 6.19 runs offline on its bundled WebAssembly engines only with
// a driver adapter (docs/decisions/0002-prisma-offline.md), so the CLI gets one for the provider
// that DATABASE_URL names.
import path from 'node:path';
import { defineConfig } from 'prisma/config';

const url = process.env.DATABASE_URL ?? 'file:./data/inverso.db';
const postgres = /^postgres(ql)?:/.test(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', postgres ? 'postgres/schema.prisma' : 'schema.prisma'),
  async adapter() {
    if (postgres) {
      const { PrismaPg } = await import('@prisma/adapter-pg');
      return new PrismaPg({ connectionString: url });
    }
    const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
    return new PrismaBetterSQLite3({ url });
  },
});
