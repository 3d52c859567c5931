// Prisma's P2002: a unique constraint refused a row, which our callers read as "another writer got
// there first" (a double click, a job enqueued twice, a second process).

/** Whether a Prisma error is a unique-constraint violation (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
