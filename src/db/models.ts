// The row types of the database, as the services see them. Both generated clients (SQLite and
// PostgreSQL) have the same types; they come from the SQLite one. Types only: nothing is loaded.
export type * from '../../generated/prisma/sqlite/index.js';
