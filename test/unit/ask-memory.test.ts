// What asking remembers in memory only: the rate limit over a sliding window, per member and class,
// and anonymous authorship, which expires and is pruned.
import { describe, expect, it } from 'vitest';
import { AskMemory } from '../../src/services/ask-memory.ts';

describe('ask memory', () => {
  it('limits each member of each class over a sliding window', () => {
    const memory = new AskMemory('secret', { count: 2, windowMs: 60_000 });
    memory.asked('c1', 'm1', 0);
    memory.asked('c1', 'm1', 30_000);
    expect(memory.mayAsk('c1', 'm1', 40_000)).toBe(false);
    expect(memory.mayAsk('c1', 'm2', 40_000)).toBe(true);
    expect(memory.mayAsk('c2', 'm1', 40_000)).toBe(true);
    expect(memory.mayAsk('c1', 'm1', 60_001)).toBe(true); // the first ask left the window
  });

  it('knows the author of an anonymous question for weeks, then forgets', () => {
    const memory = new AskMemory('secret', { count: 5, windowMs: 60_000 });
    memory.wroteAnonymously('q1', 'm1', 0);
    expect(memory.isOwnAnonymous('q1', 'm1', 1000)).toBe(true);
    expect(memory.isOwnAnonymous('q1', 'm2', 1000)).toBe(false);
    expect(memory.isOwnAnonymous('q2', 'm1', 1000)).toBe(false);
    const later = 61 * 24 * 3600_000;
    expect(memory.isOwnAnonymous('q1', 'm1', later)).toBe(false);
    // Many writes later, pruning keeps working and recent entries stay.
    for (let i = 0; i < 600; i++) memory.asked('c1', `m${i}`, later + i);
    memory.wroteAnonymously('q3', 'm3', later);
    expect(memory.isOwnAnonymous('q3', 'm3', later + 1)).toBe(true);
    expect(memory.mayAsk('c1', 'm599', later + 600)).toBe(true);
  });
});
