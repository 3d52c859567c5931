// Job rows as stored (payload as JSON text) and as handlers see them (payload parsed).
import type { Job } from '../db/models.ts';
import type { JobRecord } from './types.ts';

/** A Job row as Prisma returns it. */
export type JobRow = Job;

/** Job states, as stored in Job.state. */
export const JobState = {
  pending: 'pending',
  running: 'running',
  done: 'done',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
} as const;

/** Parses a stored payload; throws on text that is not a JSON object. */
export function parsePayload(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('job payload is not a JSON object');
  }
  return value as Record<string, unknown>;
}

export function toJobRecord(
  row: JobRow,
  payload: Record<string, unknown> = safePayload(row.payload),
): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    classId: row.classId,
    capsuleId: row.capsuleId,
    payload,
    dueAt: row.dueAt,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    idempotencyKey: row.idempotencyKey,
  };
}

/** For inspection only: a damaged payload shows as empty instead of hiding the row. */
function safePayload(text: string): Record<string, unknown> {
  try {
    return parsePayload(text);
  } catch {
    return {};
  }
}
