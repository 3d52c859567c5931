// The digest's weekly time in the class's zone, across daylight-saving changes; ISO week keys;
// the day and time a teacher types; CSV fields; the roster reader.
import { describe, expect, it } from 'vitest';
import { csvField } from '../../src/reports/csv.ts';
import {
  digestWeek,
  isoWeek,
  nextDigestAt,
  parseClock,
  parseWeekday,
} from '../../src/reports/digest/week.ts';
import { parseRoster } from '../../src/reports/guardian-import.ts';

const paris = { digestDay: 7, digestTime: '18:00', timeZone: 'Europe/Paris' };

describe('digest time', () => {
  it('is Sunday 18:00 in Paris in winter and in summer', () => {
    expect(nextDigestAt(paris, new Date('2026-11-23T07:00:00Z')).toISOString()).toBe(
      '2026-11-29T17:00:00.000Z',
    );
    expect(nextDigestAt(paris, new Date('2026-06-10T07:00:00Z')).toISOString()).toBe(
      '2026-06-14T16:00:00.000Z',
    );
  });

  it('keeps 18:00 on the Sunday clocks change', () => {
    // 29 March 2026: clocks go forward at 02:00 in Paris; 25 October 2026: back at 03:00.
    expect(nextDigestAt(paris, new Date('2026-03-27T12:00:00Z')).toISOString()).toBe(
      '2026-03-29T16:00:00.000Z',
    );
    expect(nextDigestAt(paris, new Date('2026-10-24T12:00:00Z')).toISOString()).toBe(
      '2026-10-25T17:00:00.000Z',
    );
  });

  it('counts the exact time as due, and the minute after as next week', () => {
    const at = new Date('2026-11-29T17:00:00Z');
    expect(nextDigestAt(paris, at).toISOString()).toBe(at.toISOString());
    expect(nextDigestAt(paris, new Date(at.getTime() + 60_000)).toISOString()).toBe(
      '2026-12-06T17:00:00.000Z',
    );
  });

  it('follows the class zone and day', () => {
    const montreal = { digestDay: 5, digestTime: '16:30', timeZone: 'America/Montreal' };
    expect(nextDigestAt(montreal, new Date('2026-11-23T07:00:00Z')).toISOString()).toBe(
      '2026-11-27T21:30:00.000Z',
    );
  });

  it('names ISO weeks in the class zone', () => {
    expect(isoWeek(new Date('2026-11-29T17:00:00Z'), 'Europe/Paris')).toBe('2026-W48');
    expect(isoWeek(new Date('2026-11-29T23:30:00Z'), 'Europe/Paris')).toBe('2026-W49'); // Monday 00:30 in Paris
    expect(isoWeek(new Date('2027-01-03T12:00:00Z'), 'Europe/Paris')).toBe('2026-W53');
  });

  it('reads days and times as teachers type them', () => {
    expect(['dimanche', 'Sunday', 'ven', '3', 'Mercredi'].map(parseWeekday)).toEqual([7, 7, 5, 3, 3]);
    expect(parseWeekday('someday')).toBeNull();
    expect(['18:00', '18h', '7h30', '6pm', '12am'].map(parseClock)).toEqual([
      '18:00',
      '18:00',
      '07:30',
      '18:00',
      '00:00',
    ]);
    expect(parseClock('25:00')).toBeNull();
  });
});

describe('CSV and roster', () => {
  it('quotes what needs it and defuses formulas', () => {
    expect(csvField('Léa')).toBe('Léa');
    expect(csvField('Martin, Léa')).toBe('"Martin, Léa"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField(-3)).toBe('-3');
  });

  it('reads a roster with its line numbers, whatever the separator', () => {
    const { rows, problems } = parseRoster(
      '\uFEFFélève;email;langue\r\n\r\n"Martin, Léa";A@B.FR;fr-FR\nHugo\tx@y.com\ten',
      ['en', 'fr'],
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 3, student: 'Martin, Léa', email: 'a@b.fr', language: 'fr' },
      { line: 4, student: 'Hugo', email: 'x@y.com', language: 'en' },
    ]);
  });
});

describe('the digest week', () => {
  it('is the calendar week in the class zone holding the moment, whatever the weekday', () => {
    for (const at of ['2026-11-23T00:30:00+01:00', '2026-11-24T09:00:00Z', '2026-11-29T22:59:00Z']) {
      const week = digestWeek(new Date(at), 'Europe/Paris');
      expect(week.from.toISOString()).toBe('2026-11-22T23:00:00.000Z');
      expect(week.until.toISOString()).toBe('2026-11-29T23:00:00.000Z');
      expect(week.nextUntil.toISOString()).toBe('2026-12-06T23:00:00.000Z');
    }
    // Sunday 23:30 in Paris is already Monday in New Caledonia: another week there.
    expect(digestWeek(new Date('2026-11-29T22:30:00Z'), 'Pacific/Noumea').from.toISOString()).toBe(
      '2026-11-29T13:00:00.000Z',
    );
  });
});
