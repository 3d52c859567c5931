import { describe, expect, it } from 'vitest';
import { parseText, validateArgs } from '../../src/core/args.ts';
import type { OptionSpec } from '../../src/core/commands.ts';
import { UserError } from '../../src/core/errors.ts';
import { briefCommands } from '../../src/reports/commands/brief-commands.ts';
import type { ReportsKit } from '../../src/reports/kit.ts';

const options: OptionSpec[] = [
  { name: 'title', type: 'string', descriptionKey: 'commands:options.title', required: true },
  { name: 'url', type: 'url', descriptionKey: 'commands:options.url', required: true },
  { name: 'minutes', type: 'integer', descriptionKey: 'commands:options.minutes', min: 1, max: 180 },
];

describe('command text', () => {
  it('reads named, quoted and positional values', () => {
    expect(parseText({ options }, 'title:"Les fractions" url:https://v.example/a?b=1 minutes=8')).toEqual({
      title: 'Les fractions',
      url: 'https://v.example/a?b=1',
      minutes: '8',
    });
    expect(parseText({ options }, 'Fractions https://v.example minutes:8')).toEqual({
      title: 'Fractions',
      url: 'https://v.example',
      minutes: '8',
    });
    // Optional options need their name: a stray word is reported, not guessed.
    expect(() => parseText({ options }, 'Fractions https://v.example 8')).toThrow(UserError);
    expect(parseText({ options }, '« Les fractions » https://v.example')).toEqual({
      title: 'Les fractions',
      url: 'https://v.example',
    });
  });

  it('gives the rest of the text to the last option', () => {
    const ask: OptionSpec[] = [{ name: 'text', type: 'text', descriptionKey: 'commands:options.question' }];
    expect(parseText({ options: ask }, 'Why is 1/2 + 1/4 = 3/4?')).toEqual({
      text: 'Why is 1/2 + 1/4 = 3/4?',
    });
  });

  it('reads a bare capsule number for /brief and /groups, as other commands do', () => {
    // The declarations only: their handlers (which use the kit) are not run here.
    const [brief, groups] = briefCommands({} as ReportsKit);
    expect(parseText(brief!, '2')).toEqual({ capsule: '2' });
    expect(parseText(brief!, '#2')).toEqual({ capsule: '#2' });
    expect(parseText(groups!, '2 size:3')).toEqual({ capsule: '2', size: '3' });
    expect(parseText(brief!, '')).toEqual({});
  });

  it('checks types, ranges and required values', () => {
    expect(validateArgs({ options }, { title: 'A', url: 'https://x', minutes: '12' })).toEqual({
      title: 'A',
      url: 'https://x',
      minutes: 12,
    });
    const fail = (input: Record<string, unknown>) => {
      try {
        validateArgs({ options }, input);
      } catch (error) {
        return (error as UserError).key;
      }
      return null;
    };
    expect(fail({ url: 'https://x' })).toBe('errors:missingOption');
    expect(fail({ title: 'A', url: 'https://x', minutes: 'douze' })).toBe('errors:badInteger');
    expect(fail({ title: 'A', url: 'https://x', minutes: 900 })).toBe('errors:outOfRange');
    expect(() => validateArgs({ options }, { title: 'A', url: 'x', minutes: 0 })).toThrow(UserError);
  });
});
