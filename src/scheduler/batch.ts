// Small pieces of a tick: its summary, bounded concurrency, error ids.
import type { JobRow } from './job-record.ts';

/** What a tick (or a whole runDue) did. */
export interface TickSummary {
  claimed: number;
  done: number;
  skipped: number;
  retried: number;
  failed: number;
  /** Put back to pending without counting the attempt (e.g. the class's platform is not running). */
  deferred: number;
}

export function emptySummary(): TickSummary {
  return { claimed: 0, done: 0, skipped: 0, retried: 0, failed: 0, deferred: 0 };
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

/**
 * Group commit: items handed over while a write is in flight go together in the next write, so
 * jobs finishing side by side share one UPDATE yet none waits for the rest of its batch. Each
 * caller's promise resolves once the write holding its item is over. write should not throw.
 */
export function coalescing<T>(write: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let waiting: { item: T; settle: () => void }[] = [];
  let writing = false;
  const drain = async (): Promise<void> => {
    writing = true;
    // One turn of the event loop first, so callers finishing side by side (and those just woken
    // by the previous write) join this write instead of each starting their own.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await write(batch.map((w) => w.item));
      } catch {
        // write reports its own errors; the callers go on either way.
      }
      for (const w of batch) w.settle();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    writing = false;
  };
  return (item) =>
    new Promise<void>((settle) => {
      waiting.push({ item, settle });
      if (!writing) void drain();
    });
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Rows grouped by the capsule (or class) they concern, each group in due order. */
export function groupBySubject(rows: JobRow[]): JobRow[][] {
  const groups = new Map<string, JobRow[]>();
  for (const row of rows) {
    const key = row.capsuleId ?? row.classId ?? row.id;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}
