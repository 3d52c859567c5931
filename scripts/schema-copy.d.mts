/** The PostgreSQL copy of the Prisma schema, derived from the SQLite source. */
export function postgresSchemaFrom(source: string): string;
