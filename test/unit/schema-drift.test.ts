// The PostgreSQL schema must stay the SQLite source with only its provider and output changed, and
// both migration folders must hold the same migrations.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postgresSchemaFrom } from '../../scripts/schema-copy.mjs';

describe('schema copies', () => {
  it('the PostgreSQL schema is derived from the source', () => {
    const source = readFileSync('prisma/schema.prisma', 'utf8');
    const copy = readFileSync('prisma/postgres/schema.prisma', 'utf8');
    expect(copy).toBe(postgresSchemaFrom(source));
    expect(copy).toContain('provider = "postgresql"');
  });

  it('the last migration matches the source schema', () => {
    expect(readFileSync('prisma/migrations/schema.snapshot.prisma', 'utf8')).toBe(
      readFileSync('prisma/schema.prisma', 'utf8'),
    );
  });

  it('both providers have the same migrations', () => {
    const names = (dir: string) => readdirSync(`prisma/migrations/${dir}`).filter((f) => f.endsWith('.sql'));
    expect(names('postgres')).toEqual(names('sqlite'));
  });
});
