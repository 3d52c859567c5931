// Mistakes gathered at once (every field checked before answering) and the drafts a form that
// came back with mistakes is reopened from.
import { describe, expect, it } from 'vitest';
import { Checks, problemsOf, UserError, UserErrors } from '../../src/core/errors.ts';
import { checkFields } from '../../src/core/form-check.ts';
import { MemoryDrafts } from '../../src/core/form-drafts.ts';
import { checkTimes } from '../../src/domain/capsule-input.ts';
import { parseCompactQuiz } from '../../src/domain/quiz-text/index.ts';

const context = { zone: 'Europe/Paris', locale: 'fr' as const, now: new Date('2026-11-23T07:00:00Z') };

function caught(run: () => unknown): UserError[] {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return [...problemsOf(error)];
    throw error;
  }
  throw new Error('no mistake reported');
}

describe('gathered mistakes', () => {
  it('reports every failed check, each on its field, and lets unexpected errors through', () => {
    const checks = new Checks();
    expect(checks.run('a', () => 1)).toBe(1);
    checks.run('b', () => {
      throw new UserError('errors:noClass');
    });
    checks.run(undefined, () => {
      throw new UserErrors([
        new UserError('errors:teachersOnly', {}, 'c'),
        new UserError('errors:staleButton'),
      ]);
    });
    const problems = caught(() => checks.done());
    expect(problems.map((p) => [p.key, p.field])).toEqual([
      ['errors:noClass', 'b'],
      ['errors:teachersOnly', 'c'],
      ['errors:staleButton', undefined],
    ]);
    expect(() =>
      new Checks().run('a', () => {
        throw new TypeError('bug');
      }),
    ).toThrow(TypeError);
  });

  it('reads both dates before refusing, and names the field of each mistake', () => {
    const problems = caught(() => checkTimes({ publish: 'un jour', session: 'jamais' }, context));
    expect(problems.map((p) => [p.key, p.field])).toEqual([
      ['parse:badDate', 'publish'],
      ['parse:badDate', 'session'],
    ]);
    const order = caught(() =>
      checkTimes({ publish: '2020-01-01 08:00', session: '2019-01-01 10:00' }, context),
    );
    expect(order.map((p) => p.field)).toEqual(['publish', 'session']);
  });

  it('reports every mistake of a quiz, in the order found (a question is checked at its end)', () => {
    const text = ['- 2/6', '? A', '* x', '', '? B', '- y', '- y', 'oops'].join('\n');
    const problems = caught(() => parseCompactQuiz(text));
    expect(problems.map((p) => [p.key, p.params.line])).toEqual([
      ['parse:quiz.optionBeforeQuestion', 1],
      ['parse:quiz.tooFewOptions', 2],
      ['parse:quiz.unexpectedLine', 8],
      ['parse:quiz.duplicateOption', 7],
    ]);
  });

  it('checks required and long fields before a form handler runs', () => {
    const fields = [
      { id: 'a', labelKey: 'errors:noClass', style: 'short', required: true },
      { id: 'b', labelKey: 'errors:noClass', style: 'short', required: false, maxLength: 3 },
    ] as const;
    expect(checkFields(fields, { a: '  ', b: 'long' }).map((p) => [p.key, p.field])).toEqual([
      ['errors:form.required', 'a'],
      ['errors:form.tooLong', 'b'],
    ]);
    expect(checkFields(fields, { a: 'x', b: '' })).toEqual([]);
  });
});

describe('form drafts', () => {
  it('gives a draft back to its author only, until it expires', async () => {
    let now = new Date('2026-11-23T07:00:00Z');
    const drafts = new MemoryDrafts({ now: () => now, ttlMs: 60_000 });
    const key = await drafts.save({
      owner: 'sandbox:w:u1',
      form: 'quiz.create',
      state: ['1'],
      values: { text: 'x' },
    });
    expect(key.length).toBeLessThan(20); // fits in a button id
    expect(await drafts.get(key, 'sandbox:w:u2')).toBeNull();
    expect((await drafts.get(key, 'sandbox:w:u1'))?.values).toEqual({ text: 'x' });
    now = new Date(now.getTime() + 60_000);
    expect(await drafts.get(key, 'sandbox:w:u1')).toBeNull();
  });

  it('keeps at most its limit, forgetting the oldest', async () => {
    const drafts = new MemoryDrafts({ now: () => new Date(), max: 2 });
    const keys = [];
    for (const text of ['a', 'b', 'c'])
      keys.push(await drafts.save({ owner: 'o', form: 'f', values: { text } }));
    expect(await drafts.get(keys[0] as string, 'o')).toBeNull();
    expect((await drafts.get(keys[2] as string, 'o'))?.values).toEqual({ text: 'c' });
  });
});
