// "Log an unexpected error once and return its id": the id is what a person quotes to whoever runs
// the bot, so it is made and logged in one place, always in the same shape.
import { randomUUID } from 'node:crypto';
import type { Logger } from './logger.ts';

/** A short id for one unexpected failure (what the apology quotes and the log line carries). */
export function newErrorId(): string {
  return randomUUID().slice(0, 8);
}

/**
 * Logs an unexpected error once, at error level, under a fresh id, and returns that id. `fields`
 * add context (never message text or personal data).
 */
export function logUnexpected(
  logger: Pick<Logger, 'error'>,
  error: unknown,
  what: string,
  fields: Record<string, unknown> = {},
): string {
  const errorId = newErrorId();
  logger.error({ err: error, errorId, ...fields }, what);
  return errorId;
}
