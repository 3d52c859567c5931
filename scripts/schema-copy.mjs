// The PostgreSQL schema is derived from the SQLite source: only the provider and output change.
export function postgresSchemaFrom(source) {
  return source
    .replace(
      /^\/\/ Source schema \(SQLite\)[^\n]*\n/m,
      '// GENERATED from prisma/schema.prisma by scripts/generate-clients.mjs: edit the source, not this copy.\n',
    )
    .replace('output     = "../generated/prisma/sqlite"', 'output     = "../../generated/prisma/postgres"')
    .replace('provider = "sqlite"', 'provider = "postgresql"');
}
