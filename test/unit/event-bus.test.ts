import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/core/event-bus.ts';

interface Events {
  published: { id: string };
  cancelled: { id: string };
}

describe('EventBus', () => {
  it('runs the handlers of an event in subscription order and waits for each', async () => {
    const bus = new EventBus<Events>();
    const seen: string[] = [];
    bus.on('published', async ({ id }) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(`first ${id}`);
    });
    bus.on('published', async ({ id }) => {
      seen.push(`second ${id}`);
    });
    bus.on('cancelled', async ({ id }) => {
      seen.push(`cancelled ${id}`);
    });
    await bus.emit('published', { id: 'c1' });
    expect(seen).toEqual(['first c1', 'second c1']);
  });

  it('hands a handler failure to the emitter and runs no later handler', async () => {
    const bus = new EventBus<Events>();
    const seen: string[] = [];
    bus.on('cancelled', async () => {
      throw new Error('platform down');
    });
    bus.on('cancelled', async ({ id }) => {
      seen.push(id);
    });
    await expect(bus.emit('cancelled', { id: 'c2' })).rejects.toThrow('platform down');
    expect(seen).toEqual([]);
  });

  it('does nothing for an event nobody listens to', async () => {
    await expect(new EventBus<Events>().emit('published', { id: 'c3' })).resolves.toBeUndefined();
  });
});
