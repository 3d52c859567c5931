import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import {
  type ClockRange,
  isWithinQuietHours,
  nextOutsideQuietHours,
  type ParseWhenOptions,
  parseClockRange,
  parseDuration,
  parseOffsets,
  parseWhen,
  readWhen,
} from '../../src/domain/dates.ts';

const PARIS = 'Europe/Paris';
const NEW_YORK = 'America/New_York';
const AUCKLAND = 'Pacific/Auckland';

/** The instant shown as `iso` on the zone's clocks. */
const at = (iso: string, zone = PARIS): Date => DateTime.fromISO(iso, { zone }).toJSDate();
/** How an instant reads on the zone's clocks, with its offset. */
const local = (date: Date, zone = PARIS): string =>
  DateTime.fromJSDate(date, { zone }).toISO({ suppressMilliseconds: true, suppressSeconds: true })!;

function userError(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

// 2026-11-29 is a Sunday: a teacher preparing Monday's class on Sunday evening.
const SUNDAY_EVENING = at('2026-11-29T20:00');
const fr = (now = SUNDAY_EVENING, zone = PARIS): ParseWhenOptions => ({ zone, locale: 'fr', now });
const en = (now = SUNDAY_EVENING, zone = PARIS): ParseWhenOptions => ({ zone, locale: 'en', now });

describe('parseWhen in French', () => {
  it.each([
    ['lundi 8h', '2026-11-30T08:00+01:00'],
    ['lundi 8h30', '2026-11-30T08:30+01:00'],
    ['lundi 8 h 30', '2026-11-30T08:30+01:00'],
    ['Lundi à 8h', '2026-11-30T08:00+01:00'],
    ['lundi midi', '2026-11-30T12:00+01:00'],
    ['demain 14h30', '2026-11-30T14:30+01:00'],
    ['mardi prochain à 10h', '2026-12-01T10:00+01:00'],
    ['mardi 10h prochain', '2026-12-01T10:00+01:00'],
    ['le 3 décembre à 9h', '2026-12-03T09:00+01:00'],
    ['3/12 9h', '2026-12-03T09:00+01:00'],
    ["aujourd'hui 21h", '2026-11-29T21:00+01:00'],
    ['aujourd’hui 21h', '2026-11-29T21:00+01:00'],
    ['dans 2 heures', '2026-11-29T22:00+01:00'],
    ['dans 2 jours à 8h', '2026-12-01T08:00+01:00'],
  ])('reads %j', (text, expected) => {
    expect(local(parseWhen(text, fr()))).toBe(expected);
  });

  it('reads a weekday alone as the next such day, today only while the time is still ahead', () => {
    expect(local(parseWhen('dimanche 21h', fr()))).toBe('2026-11-29T21:00+01:00');
    expect(local(parseWhen('dimanche 19h', fr()))).toBe('2026-12-06T19:00+01:00');
    expect(local(parseWhen('lundi 8h', fr(at('2026-11-30T07:00'))))).toBe('2026-11-30T08:00+01:00');
    expect(local(parseWhen('lundi 8h', fr(at('2026-11-30T08:00'))))).toBe('2026-12-07T08:00+01:00');
    expect(local(parseWhen('lundi 8h', fr(at('2026-11-30T09:00'))))).toBe('2026-12-07T08:00+01:00');
  });

  it('never reads "prochain" as today', () => {
    expect(local(parseWhen('lundi prochain 10h', fr(at('2026-11-30T07:00'))))).toBe('2026-12-07T10:00+01:00');
    expect(local(parseWhen('dimanche prochain 21h', fr()))).toBe('2026-12-06T21:00+01:00');
  });

  it('reads a time alone as today if still ahead, else tomorrow', () => {
    expect(local(parseWhen('21h', fr()))).toBe('2026-11-29T21:00+01:00');
    expect(local(parseWhen('8h', fr()))).toBe('2026-11-30T08:00+01:00');
    expect(local(parseWhen('20h', fr()))).toBe('2026-11-30T20:00+01:00');
  });

  it('moves a day and month already past to next year', () => {
    expect(local(parseWhen('3/01 9h', fr()))).toBe('2027-01-03T09:00+01:00');
    expect(local(parseWhen('le 29 novembre à 21h', fr()))).toBe('2026-11-29T21:00+01:00');
  });

  it('returns a past time today as read: refusing the past is the caller’s call', () => {
    expect(local(parseWhen("aujourd'hui 17h", fr()))).toBe('2026-11-29T17:00+01:00');
  });
});

describe('parseWhen in English and mixed', () => {
  it.each([
    ['tomorrow 8am', '2026-11-30T08:00+01:00'],
    ['tomorrow 8:00', '2026-11-30T08:00+01:00'],
    ['monday 8:30', '2026-11-30T08:30+01:00'],
    ['next tuesday 10am', '2026-12-01T10:00+01:00'],
    ['Dec 3 9:00', '2026-12-03T09:00+01:00'],
    ['in 2 hours', '2026-11-29T22:00+01:00'],
    ['noon tomorrow', '2026-11-30T12:00+01:00'],
  ])('reads %j', (text, expected) => {
    expect(local(parseWhen(text, en()))).toBe(expected);
  });

  it('tries the other language when the first one does not read the whole text', () => {
    expect(local(parseWhen('tomorrow 8am', fr()))).toBe('2026-11-30T08:00+01:00');
    expect(local(parseWhen('demain 14h30', en()))).toBe('2026-11-30T14:30+01:00');
    expect(local(parseWhen('3/12 9h', en()))).toBe('2026-12-03T09:00+01:00');
  });

  it('reads 3/12 day first unless told otherwise', () => {
    expect(local(parseWhen('3/12 9am', en()))).toBe('2026-12-03T09:00+01:00');
    expect(local(parseWhen('3/12 9am', { ...en(), dayFirst: false }))).toBe('2027-03-12T09:00+01:00');
  });

  it('lets a zone written in the text win over the class zone', () => {
    expect(parseWhen('Dec 3 9:00 EST', en()).toISOString()).toBe('2026-12-03T14:00:00.000Z');
  });
});

describe('parseWhen with ISO dates', () => {
  it.each([
    ['2026-12-01 08:00', '2026-12-01T07:00:00.000Z'],
    ['2026-12-01T08:00', '2026-12-01T07:00:00.000Z'],
    ['2026-12-01T08:00:30', '2026-12-01T07:00:30.000Z'],
    ['2026-06-01 08:00', '2026-06-01T06:00:00.000Z'],
    ['2026-12-01T08:00Z', '2026-12-01T08:00:00.000Z'],
    ['2026-12-01T08:00+05:00', '2026-12-01T03:00:00.000Z'],
    ['2026-12-01 08:00 -0330', '2026-12-01T11:30:00.000Z'],
  ])('reads %j', (text, expected) => {
    expect(parseWhen(text, fr()).toISOString()).toBe(expected);
  });
});

describe('parseWhen errors', () => {
  it.each(['lundi', 'demain', 'le 3 décembre', 'dans 2 jours', '2026-12-01', 'tomorrow'])(
    'asks for a time with %j',
    (text) => {
      expect(userError(() => parseWhen(text, fr()))).toMatchObject({
        key: 'parse:dateNeedsTime',
        params: { text },
      });
    },
  );

  it.each([
    '',
    '   ',
    'blah',
    '31/02 9h',
    '2026-02-31 10:00',
    '2026-12-01 25:00',
    'lundi ou mardi 8h',
    'la semaine prochaine 9h',
    'next month 9am',
  ])('refuses %j', (text) => {
    expect(userError(() => parseWhen(text, fr()))).toMatchObject({ key: 'parse:badDate', params: { text } });
  });

  it('treats an unknown zone as a bug, not a user mistake', () => {
    expect(() => parseWhen('lundi 8h', fr(SUNDAY_EVENING, 'Mars/Olympus'))).toThrow(/time zone/);
    expect(() => parseWhen('lundi 8h', fr(SUNDAY_EVENING, 'Mars/Olympus'))).not.toThrow(UserError);
  });
});

describe('parseWhen across daylight-saving changes', () => {
  it('uses the offset of the target day, not of today (Paris, spring)', () => {
    const friday = at('2026-03-27T12:00'); // winter time; Monday is summer time
    expect(local(parseWhen('lundi 8h', fr(friday)))).toBe('2026-03-30T08:00+02:00');
    expect(parseWhen('lundi 8h', fr(friday)).toISOString()).toBe('2026-03-30T06:00:00.000Z');
  });

  it('moves a skipped time forward by the gap (Paris, 2026-03-29)', () => {
    const saturday = at('2026-03-28T12:00');
    expect(parseWhen('demain 2h30', fr(saturday)).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(local(parseWhen('demain 2h30', fr(saturday)))).toBe('2026-03-29T03:30+02:00');
    expect(parseWhen('2026-03-29 02:30', fr(saturday)).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(parseWhen('demain 1h30', fr(saturday)).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(parseWhen('demain 3h', fr(saturday)).toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('takes the first of a repeated time (Paris, 2026-10-25)', () => {
    const saturday = at('2026-10-24T12:00');
    expect(parseWhen('demain 2h30', fr(saturday)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(local(parseWhen('demain 2h30', fr(saturday)))).toBe('2026-10-25T02:30+02:00');
    expect(parseWhen('2026-10-25 02:30', fr(saturday)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(parseWhen('demain 1h30', fr(saturday)).toISOString()).toBe('2026-10-24T23:30:00.000Z');
    expect(parseWhen('demain 3h', fr(saturday)).toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('adds "in 2 hours" as elapsed time across the change', () => {
    const beforeSpring = new Date('2026-03-29T00:30:00Z'); // 01:30 winter time
    expect(local(parseWhen('dans 2 heures', fr(beforeSpring)))).toBe('2026-03-29T04:30+02:00');
    const beforeAutumn = new Date('2026-10-24T23:30:00Z'); // 01:30 summer time
    expect(local(parseWhen('in 2 hours', en(beforeAutumn)))).toBe('2026-10-25T02:30+01:00');
  });

  it('handles New York’s changes the same way', () => {
    const spring = at('2026-03-07T12:00', NEW_YORK);
    expect(parseWhen('tomorrow 2:30am', en(spring, NEW_YORK)).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    const autumn = at('2026-10-31T12:00', NEW_YORK);
    expect(parseWhen('tomorrow 1:30am', en(autumn, NEW_YORK)).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(local(parseWhen('tomorrow 1:30am', en(autumn, NEW_YORK)), NEW_YORK)).toBe(
      '2026-11-01T01:30-04:00',
    );
  });
});

describe('parseWhen far from UTC (Pacific/Auckland, UTC+13 in November)', () => {
  it('counts days on the class’s calendar, not on UTC’s', () => {
    const sundayEvening = new Date('2026-11-29T07:00:00Z'); // Sunday 20:00 in Auckland
    expect(local(parseWhen('lundi 8h', fr(sundayEvening, AUCKLAND)), AUCKLAND)).toBe(
      '2026-11-30T08:00+13:00',
    );
    expect(parseWhen('lundi 8h', fr(sundayEvening, AUCKLAND)).toISOString()).toBe('2026-11-29T19:00:00.000Z');
    const mondayNight = new Date('2026-11-29T12:00:00Z'); // already Monday 01:00 in Auckland, Sunday in UTC
    expect(local(parseWhen('lundi 8h', fr(mondayNight, AUCKLAND)), AUCKLAND)).toBe('2026-11-30T08:00+13:00');
    expect(local(parseWhen('tomorrow 8am', en(mondayNight, AUCKLAND)), AUCKLAND)).toBe(
      '2026-12-01T08:00+13:00',
    );
    expect(local(parseWhen('8h', fr(mondayNight, AUCKLAND)), AUCKLAND)).toBe('2026-11-30T08:00+13:00');
  });
});

describe('parseDuration', () => {
  it.each([
    ['24h', 1440],
    ['1h', 60],
    ['90min', 90],
    ['1j', 1440],
    ['1d', 1440],
    ['30m', 30],
    ['1h30', 90],
    ['1 h 30 min', 90],
    ['1 hour and 30 minutes', 90],
    ['1h et 15', 75],
    ['2 jours', 2880],
    ['1.5h', 90],
    ['1,5 h', 90],
    ['1 semaine', 10080],
    [' 45 Minutes ', 45],
  ])('reads %j as %i minutes', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });

  it.each(['', 'abc', '24', '0h', '1h 1h', '30m 1h', '1x', '-1h', '1j30'])('refuses %j', (text) => {
    expect(userError(() => parseDuration(text))).toMatchObject({
      key: 'parse:badDuration',
      params: { text },
    });
  });
});

describe('parseOffsets', () => {
  it('sorts largest first and drops duplicates', () => {
    expect(parseOffsets('24h,1h')).toEqual([1440, 60]);
    expect(parseOffsets('1h, 24h ; 60min,')).toEqual([1440, 60]);
    expect(parseOffsets('5min,14j')).toEqual([20160, 5]);
  });

  it('refuses an empty list, a bad duration, and offsets out of bounds', () => {
    expect(userError(() => parseOffsets(' , '))).toMatchObject({ key: 'parse:noOffsets' });
    expect(userError(() => parseOffsets('abc, 1h'))).toMatchObject({
      key: 'parse:badDuration',
      params: { text: 'abc' },
    });
    expect(userError(() => parseOffsets('1h, 4min'))).toMatchObject({
      key: 'parse:offsetOutOfRange',
      params: { text: '4min', minMinutes: 5, maxDays: 14 },
    });
    expect(userError(() => parseOffsets('15j'))).toMatchObject({ key: 'parse:offsetOutOfRange' });
  });
});

describe('parseClockRange', () => {
  it.each([
    ['20:00-07:30', '20:00', '07:30'],
    ['20h-7h30', '20:00', '07:30'],
    ['20h - 7h30', '20:00', '07:30'],
    ['20h à 7h30', '20:00', '07:30'],
    ['20h–7h', '20:00', '07:00'],
    ['8pm to 7:30am', '20:00', '07:30'],
    ['12am-6am', '00:00', '06:00'],
    ['22-6', '22:00', '06:00'],
    ['12:00-14:00', '12:00', '14:00'],
  ])('reads %j', (text, start, end) => {
    expect(parseClockRange(text)).toEqual({ start, end });
  });

  it.each(['', '20:00', 'abc', '25:00-07:00', '20:61-07:00', '13pm-1am', '20:00-07:30-08:00'])(
    'refuses %j',
    (text) => {
      expect(userError(() => parseClockRange(text))).toMatchObject({
        key: 'parse:badClockRange',
        params: { text },
      });
    },
  );

  it('refuses a range that starts and ends at the same time', () => {
    expect(userError(() => parseClockRange('20h-20h'))).toMatchObject({ key: 'parse:clockRangeEmpty' });
  });
});

describe('quiet hours', () => {
  const night: ClockRange = { start: '20:00', end: '07:30' };

  it('includes the start, excludes the end, and crosses midnight', () => {
    expect(isWithinQuietHours(at('2026-11-29T19:59'), PARIS, night)).toBe(false);
    expect(isWithinQuietHours(at('2026-11-29T20:00'), PARIS, night)).toBe(true);
    expect(isWithinQuietHours(at('2026-11-30T03:00'), PARIS, night)).toBe(true);
    expect(isWithinQuietHours(at('2026-11-30T07:29'), PARIS, night)).toBe(true);
    expect(isWithinQuietHours(at('2026-11-30T07:30'), PARIS, night)).toBe(false);
    expect(isWithinQuietHours(at('2026-11-30T13:00'), PARIS, { start: '12:00', end: '14:00' })).toBe(true);
    expect(isWithinQuietHours(at('2026-11-30T14:00'), PARIS, { start: '12:00', end: '14:00' })).toBe(false);
    expect(isWithinQuietHours(at('2026-11-30T14:00'), PARIS, { start: '14:00', end: '14:00' })).toBe(false);
  });

  it('reads the clock in the class’s zone', () => {
    const instant = new Date('2026-11-29T08:00:00Z'); // 21:00 in Auckland, 09:00 in Paris
    expect(isWithinQuietHours(instant, AUCKLAND, night)).toBe(true);
    expect(isWithinQuietHours(instant, PARIS, night)).toBe(false);
  });

  it('finds the end of the quiet period', () => {
    expect(local(nextOutsideQuietHours(at('2026-11-29T21:00'), PARIS, night))).toBe('2026-11-30T07:30+01:00');
    expect(local(nextOutsideQuietHours(at('2026-11-30T06:00'), PARIS, night))).toBe('2026-11-30T07:30+01:00');
    const outside = at('2026-11-30T10:00');
    expect(nextOutsideQuietHours(outside, PARIS, night)).toBe(outside);
  });

  it('ends on the wall clock across daylight-saving changes', () => {
    const springNight = at('2026-03-28T23:00'); // the night the clocks go forward
    expect(local(nextOutsideQuietHours(springNight, PARIS, night))).toBe('2026-03-29T07:30+02:00');
    const gapEnd = nextOutsideQuietHours(springNight, PARIS, { start: '22:00', end: '02:30' });
    expect(gapEnd.toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 02:30 does not exist: 03:30
    const autumnNight = at('2026-10-24T23:00');
    expect(local(nextOutsideQuietHours(autumnNight, PARIS, night))).toBe('2026-10-25T07:30+01:00');
  });

  it('never ends before the instant on a repeated hour (New York, 2026-11-01)', () => {
    const range = { start: '20:00', end: '01:30' };
    const firstPass = new Date('2026-11-01T04:30:00Z'); // 00:30 EDT
    expect(nextOutsideQuietHours(firstPass, NEW_YORK, range).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    const secondPass = new Date('2026-11-01T06:15:00Z'); // 01:15 EST, after the first 01:30
    expect(nextOutsideQuietHours(secondPass, NEW_YORK, range).toISOString()).toBe('2026-11-01T06:30:00.000Z');
  });

  it('treats a malformed stored range as a bug', () => {
    expect(() => isWithinQuietHours(at('2026-11-30T10:00'), PARIS, { start: '8pm', end: '07:30' })).toThrow(
      /clock range/,
    );
  });
});

describe('dates read as the teacher means them', () => {
  // Tuesday 1 December 2026, 09:00 in Paris.
  const TUESDAY = at('2026-12-01T09:00');

  it('reads a session given by weekday as the next such day after the publication', () => {
    const publish = parseWhen('lundi 8h', fr(TUESDAY));
    expect(local(publish)).toBe('2026-12-07T08:00+01:00');
    expect(local(parseWhen('mardi 10h', { ...fr(TUESDAY), after: publish }))).toBe('2026-12-08T10:00+01:00');
    expect(local(parseWhen('10h', { ...fr(TUESDAY), after: publish }))).toBe('2026-12-07T10:00+01:00');
    // Without the publication, today's Tuesday would be read: before the Monday it follows.
    expect(local(parseWhen('mardi 10h', fr(TUESDAY)))).toBe('2026-12-01T10:00+01:00');
  });

  it.each([
    ['dans 5 jours 10h', fr, '2026-12-06T10:00+01:00'],
    ['dans 5 jours à 10h', fr, '2026-12-06T10:00+01:00'],
    ['dans 3 jours 10h30', fr, '2026-12-04T10:30+01:00'],
    ['dans 5 jours, 10h', fr, '2026-12-06T10:00+01:00'],
    ['in 5 days 10am', en, '2026-12-06T10:00+01:00'],
    ['in 5 days at 10:00', en, '2026-12-06T10:00+01:00'],
  ])('keeps the time typed in %j', (text, lang, expected) => {
    expect(local(parseWhen(text, lang(TUESDAY)))).toBe(expected);
  });

  it('refuses a time it cannot place rather than drop it', () => {
    expect(userError(() => parseWhen('dans 1 heure 10h', fr(TUESDAY)))).toMatchObject({
      key: 'parse:timeIgnored',
      params: { part: '10h' },
    });
  });

  it('still reads "dans 2h" as a duration', () => {
    expect(local(parseWhen('dans 2h', fr(TUESDAY)))).toBe('2026-12-01T11:00+01:00');
  });

  it.each([
    ['lundi 8h blah', 'blah'],
    ['lundi 25h', '25h'],
    ['mardi 10h en salle B', 'en salle B'],
  ])('refuses %j naming the part not understood', (text, part) => {
    expect(userError(() => parseWhen(text, fr(TUESDAY)))).toMatchObject({
      key: 'parse:dateUnread',
      params: { text, part },
    });
  });

  it('reports a time skipped in spring with the time used', () => {
    const read = readWhen('29/03 2h30', fr(at('2026-03-20T09:00')));
    expect(read.shift).toMatchObject({ kind: 'gap', typed: '02:30' });
    expect(local(read.at)).toBe('2026-03-29T03:30+02:00');
    expect(readWhen('2026-03-29 02:30', fr(at('2026-03-20T09:00'))).shift?.kind).toBe('gap');
  });

  it('reports a time shown twice in autumn, and uses the first', () => {
    const read = readWhen('25/10 2h30', fr(at('2026-10-20T09:00')));
    expect(read.shift).toMatchObject({ kind: 'repeated', typed: '02:30' });
    expect(local(read.at)).toBe('2026-10-25T02:30+02:00');
    expect(readWhen('26/10 2h30', fr(at('2026-10-20T09:00'))).shift).toBeNull();
  });
});
