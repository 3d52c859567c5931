// The toolkit every platform edge shares (ADR 0008): locale negotiation, the logged error id, the
// limiter, the time-limited cache on the injected clock, typed action arguments and whoIs.
import { describe, expect, it } from 'vitest';
import { actionKey } from '../../src/core/actions.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { Dispatcher } from '../../src/core/dispatcher.ts';
import { escapeHtml } from '../../src/core/escape-html.ts';
import { Limiter } from '../../src/core/limiter.ts';
import { firstLocale, pickLocale, pickT } from '../../src/core/locale.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { TtlCache } from '../../src/core/ttl-cache.ts';
import { logUnexpected } from '../../src/core/unexpected.ts';
import { createI18n } from '../../src/i18n/i18n.ts';

const i18n = createI18n('fr');

describe('locale negotiation', () => {
  it('takes the first candidate we speak, in its supported form, else the fallback', () => {
    expect(pickLocale(i18n, 'en-GB', 'fr')).toBe('en');
    expect(pickLocale(i18n, undefined, null, 'de', 'EN')).toBe('en');
    expect(pickLocale(i18n, 'de-AT', undefined)).toBe('fr');
    expect(pickLocale(i18n)).toBe('fr');
  });

  it('says when nothing matches, for Accept-Language', () => {
    expect(firstLocale(i18n, ['de', 'it'])).toBeNull();
    expect(firstLocale(i18n, ['de', 'en-US'])).toBe('en');
  });

  it('gives the translate function of the chosen language', () => {
    expect(pickT(i18n, 'en-US')('errors:unexpected', { id: 'abc' })).toBe(
      i18n.t('en')('errors:unexpected', { id: 'abc' }),
    );
  });
});

describe('logUnexpected', () => {
  it('logs once at error level with the id it returns, and the context given', () => {
    const lines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
    const logger = {
      error: (obj: object, msg?: string) => lines.push({ level: 'error', obj: obj as never, msg }),
    };
    const error = new Error('boom');
    const id = logUnexpected(logger, error, 'something failed', { jobId: 'j1' });
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(lines).toEqual([
      { level: 'error', obj: { err: error, errorId: id, jobId: 'j1' }, msg: 'something failed' },
    ]);
    expect(logUnexpected(logger, error, 'again')).not.toBe(id);
  });
});

describe('Limiter', () => {
  const gate = () => {
    let open: () => void = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { open, opened };
  };

  it('runs at most its bound at once, in arrival order, and says when idle', async () => {
    const limiter = new Limiter(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const results = gates.map((g, i) =>
      limiter.run(async () => {
        started.push(i);
        await g.opened;
        return i * 10;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect(limiter.size).toBe(4);
    gates[1]?.open();
    await results[1];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(results)).toEqual([0, 10, 20, 30]);
    await limiter.idle();
    expect(limiter.size).toBe(0);
  });

  it('lets urgent work skip the line, and hands what a pushed task throws to onError', async () => {
    const errors: unknown[] = [];
    const limiter = new Limiter(1, (error) => errors.push(error));
    const busy = gate();
    const order: string[] = [];
    limiter.push(async () => {
      order.push('first');
      await busy.opened;
    });
    limiter.push(async () => {
      order.push('queued');
      throw new Error('queued failed');
    });
    limiter.push(async () => {
      order.push('urgent');
    }, true);
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['first', 'urgent']);
    busy.open();
    await limiter.idle();
    expect(order).toEqual(['first', 'urgent', 'queued']);
    expect(errors.map((e) => (e as Error).message)).toEqual(['queued failed']);
  });
});

describe('TtlCache', () => {
  it('expires entries on the injected clock, not the wall clock', () => {
    const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
    const cache = new TtlCache<string, number>(clock, { ttlMs: 1000 });
    cache.set('a', 1);
    cache.set('b', 2, 5000);
    clock.advance(999);
    expect(cache.get('a')).toBe(1);
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(2);
    cache.deleteWhere((value) => value === 2);
    expect(cache.get('b')).toBeUndefined();
  });

  it('drops the oldest written entry when full', () => {
    const cache = new TtlCache<string, number>(new ManualClock(), { ttlMs: 1000, maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3);
    cache.set('c', 4);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([3, undefined, 4]);
  });
});

describe('actionKey', () => {
  const answer = actionKey('quiz.answer', ['questionId'], ['choice']);

  it('builds a control and reads its click back by name', () => {
    const control = answer.with({ questionId: 'q1', choice: '2' });
    expect(control).toEqual({ action: 'quiz.answer', args: ['q1', '2'] });
    expect(answer.read(control.args)).toEqual({ questionId: 'q1', choice: '2' });
  });

  it('leaves optional arguments out when not given, and reads a missing required one as empty', () => {
    expect(answer.with({ questionId: 'q1' }).args).toEqual(['q1']);
    expect(answer.read(['q1'])).toEqual({ questionId: 'q1', choice: undefined });
    expect(answer.read([])).toEqual({ questionId: '', choice: undefined });
  });
});

describe('escapeHtml', () => {
  it('escapes text and numbers for content and attributes', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
    expect(escapeHtml(42)).toBe('42');
  });
});

describe('Dispatcher.whoIs', () => {
  const place = { platform: 'sandbox' as const, workspaceId: 'w', channelId: 'c' };
  const dispatcher = (resolve: () => Promise<unknown>) =>
    new Dispatcher({
      catalogue: { commands: [], forms: [], actions: [] },
      services: {},
      directory: { resolve: resolve as never },
      i18n,
      logger: silentLogger,
      now: () => new Date(),
    });

  it("answers in the actor's language if we speak it, else the class's, with their role", async () => {
    let registered: unknown;
    const member = dispatcher(async (...args: unknown[]) => {
      registered = args[2];
      return { classId: 'k', language: 'en', member: { role: 'teacher' } };
    });
    expect(await member.whoIs(place, { platformUserId: 'u', displayName: 'U', locale: 'de' })).toEqual({
      locale: 'en',
      role: 'teacher',
      classLocale: 'en',
    });
    expect(registered).toBe(false);
  });

  it('knows nobody where there is no class, and never throws', async () => {
    const none = dispatcher(async () => null);
    expect(await none.whoIs(place, { platformUserId: 'u', displayName: 'U', locale: 'en-GB' })).toEqual({
      locale: 'en',
      role: null,
      classLocale: null,
    });
    const failing = dispatcher(async () => {
      throw new Error('database down');
    });
    expect(await failing.whoIs(place, { platformUserId: 'u', displayName: 'U' })).toEqual({
      locale: 'fr',
      role: null,
      classLocale: null,
    });
  });
});
