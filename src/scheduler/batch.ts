// Small pieces of a tick: its summary, bounded concurrency, error ids.
import { randomUUID } from 'node:crypto';

/** What a tick (or a whole runDue) did. */
export interface TickSummary {
  claimed: number;
  done: number;
  skipped: number;
  retried: number;
  failed: number;
}

export function emptySummary(): TickSummary {
  return { claimed: 0, done: 0, skipped: 0, retried: 0, failed: 0 };
}

export function addInto(total: TickSummary, part: TickSummary): void {
  for (const key of Object.keys(total) as (keyof TickSummary)[]) total[key] += part[key];
}

/** Runs fn over items, at most `limit` at a time. fn must not throw. */
export async function forEachBounded<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

export function newErrorId(): string {
  return randomUUID().slice(0, 8);
}
