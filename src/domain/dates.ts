// Reading the dates, durations and clock ranges that teachers type, in the class's IANA time zone.
//
// chrono-node reads the words ("lundi 8h", "tomorrow 8am") but computes with the process's local
// clock, so we never let it decide an instant: it gets "now" as the zone's wall clock disguised as UTC
// (reference offset 0), we read back the wall-clock components it found, and luxon turns them into an
// instant in the zone, where daylight-saving rules live. The only trace of the server's own zone left is
// chrono's "demain"/"tomorrow" arithmetic within an hour of the server's DST switch; run with TZ=UTC.
//
// Decisions, all tested in test/unit/dates.test.ts:
// - A weekday alone ("lundi 8h") is the next such day: today if that time is still ahead, else in a
//   week. "prochain"/"next" ("mardi prochain", "next tuesday") is never today: the first such day
//   after today, so on a Sunday "next tuesday" is in two days.
// - A time alone ("14h") is today if still ahead, else tomorrow.
// - A day and month without a year ("le 3 décembre", "3/01 9h") that fell before today is next year's.
// - A wall time skipped by the spring change (02:30 on 2026-03-29 in Paris) moves forward by the gap
//   (03:30 summer time), as clocks do; a time that happens twice in autumn is its first occurrence.
// - An explicit offset or zone in the text ("...T08:00+05:00", "9:00 CET") wins over the class zone.
// - Past instants are returned as read: whether the past is acceptable is the caller's decision.
// Only the two languages we read: the package's index loads a dozen (~4 MB more at rest). Even those
// two (~8 MB at rest) load at the first date typed, not at start: a bot can run for hours without one.
import { createRequire } from 'node:module';
import type * as chrono from 'chrono-node';
import { DateTime, IANAZone } from 'luxon';
import { UserError } from '../core/errors.ts';

/** How to read a date typed by a teacher. */
export interface ParseWhenOptions {
  /** The class's IANA time zone, e.g. `Europe/Paris`. */
  zone: string;
  /** The language tried first; the other one is tried next, since teachers mix them. */
  locale: 'fr' | 'en';
  /** The injected clock's current instant. */
  now: Date;
  /** `3/12` is 3 December when true (default: France, UK), 12 March when false (US habit). */
  dayFirst?: boolean;
  /**
   * A weekday or a time alone is the next one after this instant instead of after `now`: a session
   * typed "mardi 10h" is the Tuesday after the publication, not after today.
   */
  after?: Date;
}

/** A wall time the zone's clocks skip (spring) or show twice (autumn), and the time used instead. */
export interface ClockShift {
  kind: 'gap' | 'repeated';
  /** The wall time typed, `HH:MM`. */
  typed: string;
  /** The instant used. */
  used: Date;
}

/** What {@link readWhen} understood: the instant, and the daylight-saving adjustment made, if any. */
export interface ReadWhen {
  at: Date;
  shift: ClockShift | null;
}

/** A daily range of wall-clock times, `HH:MM` each; `start` after `end` crosses midnight. */
export interface ClockRange {
  start: string;
  end: string;
}

/** Bounds of a reminder offset: reminders closer than 5 minutes are noise, beyond 14 days forgotten. */
export const MIN_OFFSET_MINUTES = 5;
export const MAX_OFFSET_MINUTES = 14 * 24 * 60;

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const require = createRequire(import.meta.url);

// Words that may surround a date without changing it. "prochain"/"next" are read separately.
const FILLER = new Set('le la à a au at on the ce cette this prochain prochaine next'.split(' '));
const NEXT = /(?:^|\s)(?:prochaine?|next)(?:\s|$)/i;
// chrono reads "la semaine prochaine" as "in 7 days" and "next month" as no day at all: too vague to schedule.
const VAGUE = /(?:^|\s)(?:(?:semaine|mois|année|an)\s+prochaine?|next\s+(?:week|month|year))(?:\s|$)/i;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** The instant a teacher means by `text`, read in the class's zone. Throws `parse:badDate` or `parse:dateNeedsTime`. */
export function parseWhen(text: string, opts: ParseWhenOptions): Date {
  return readWhen(text, opts).at;
}

// A clock time typed in the text ("10h", "10h30", "10:00", "10am"), unless it is a duration ("dans 2h").
const TYPED_TIME = /(?<!\b(?:dans|in)\s)\b(\d{1,2})(?:h(\d{2})?|:(\d{2})|\s?(am|pm))(?![\w:])/i;
// chrono reads "dans 5 jours 10h" as 5 days and 10 hours from now: "dans 5 jours à 10h" it reads right.
const RELATIVE_DAYS_THEN_TIME =
  /\b((?:dans|in)\s+\d+\s+(?:jours?|days?|semaines?|weeks?)),?\s+(?!à\s|a\s|at\s)(?=\d)/i;

/**
 * Like {@link parseWhen}, and says when the typed time does not exist or exists twice that day.
 * Throws `parse:badDate`, `parse:dateNeedsTime`, `parse:dateUnread` (naming the part not understood)
 * or `parse:timeIgnored`.
 */
export function readWhen(text: string, opts: ParseWhenOptions): ReadWhen {
  assertZone(opts.zone);
  const clean = normalise(text).replace(RELATIVE_DAYS_THEN_TIME, (_, days: string) =>
    /^in\b/i.test(days) ? `${days} at ` : `${days} à `,
  );
  if (clean === '' || VAGUE.test(clean)) throw new UserError('parse:badDate', { text });
  const iso = ISO.exec(clean);
  if (iso) return withShift(fromIso(iso, text, opts.zone), iso[4], iso[5], iso[7] ?? null, opts.zone);

  const today = DateTime.fromJSDate(opts.now, { zone: opts.zone });
  // The zone's wall clock disguised as UTC: chrono then reasons in the zone's calendar.
  const refInstant = new Date(wallMs(wallOf(today), today.second));
  const chronoEn = require('chrono-node/en') as typeof import('chrono-node/en');
  const chronoFr = require('chrono-node/fr') as typeof import('chrono-node/fr');
  const english = opts.dayFirst === false ? chronoEn.casual : chronoEn.GB;
  const parsers = opts.locale === 'fr' ? [chronoFr.casual, english] : [english, chronoFr.casual];
  let unread: string | null = null;
  for (const parser of parsers) {
    const results = parser.parse(clean, { instant: refInstant, timezone: 0 });
    const first = results[0];
    if (!first || results.length > 1) continue;
    const leftover = clean.slice(0, first.index) + ' ' + clean.slice(first.index + first.text.length);
    const words = leftover
      .split(/[\s,.;:!-]+/)
      .filter((word) => word !== '' && !FILLER.has(word.toLowerCase()));
    if (words.length > 0) {
      unread ??= words.join(' ');
      continue;
    }
    const typed = TYPED_TIME.exec(clean);
    const tags = first.tags();
    if (typed && (tags.has('result/relativeDateAndTime') || !first.start.isCertain('hour'))) {
      throw new UserError('parse:timeIgnored', { text, part: typed[0].trim() });
    }
    const at = interpret(first, clean, text, opts);
    if (tags.has('result/relativeDateAndTime') || first.start.isCertain('timezoneOffset'))
      return { at, shift: null };
    const hour = first.start.get('hour') ?? 0;
    const minute = first.start.get('minute') ?? 0;
    return withShift(at, String(hour), String(minute), null, opts.zone);
  }
  if (unread !== null) throw new UserError('parse:dateUnread', { text, part: unread });
  throw new UserError('parse:badDate', { text });
}

/** Notes when the wall time typed is not what the zone's clocks show at the instant used. */
function withShift(
  at: Date,
  hour: string | undefined,
  minute: string | undefined,
  tz: string | null,
  zone: string,
): ReadWhen {
  if (hour === undefined || tz !== null) return { at, shift: null };
  const typed = `${hour.padStart(2, '0')}:${(minute ?? '0').padStart(2, '0')}`;
  const shown = DateTime.fromJSDate(at, { zone });
  if (shown.toFormat('HH:mm') !== typed) return { at, shift: { kind: 'gap', typed, used: at } };
  const wall = {
    year: shown.year,
    month: shown.month,
    day: shown.day,
    hour: shown.hour,
    minute: shown.minute,
  };
  const twice = DateTime.fromObject(wall, { zone }).getPossibleOffsets().length > 1;
  return { at, shift: twice ? { kind: 'repeated', typed, used: at } : null };
}

function interpret(result: chrono.ParsedResult, clean: string, text: string, opts: ParseWhenOptions): Date {
  const c = result.start;
  const get = (component: chrono.Component): number => c.get(component) ?? 0;
  const today = DateTime.fromJSDate(opts.now, { zone: opts.zone });
  const at = (date: DateTime): Wall => ({ ...wallOf(date), hour: get('hour'), minute: get('minute') });
  if (result.tags().has('result/relativeDateAndTime')) {
    // "dans 2 heures" is a duration, not a wall time: add it to the real now, across any DST change.
    const wall = {
      year: get('year'),
      month: get('month'),
      day: get('day'),
      hour: get('hour'),
      minute: get('minute'),
    };
    return new Date(opts.now.getTime() + wallMs(wall, get('second')) - wallMs(wallOf(today), today.second));
  }
  if (!c.isCertain('hour')) throw new UserError('parse:dateNeedsTime', { text });

  const offset = c.isCertain('timezoneOffset') ? get('timezoneOffset') : null;
  const toInstant = (wall: Wall): Date => {
    const instant =
      offset === null ? wallToInstant(wall, opts.zone) : new Date(wallMs(wall) - offset * 60_000);
    if (!instant) throw new UserError('parse:badDate', { text });
    return instant;
  };
  const day0 = DateTime.utc(today.year, today.month, today.day);

  if (!c.isCertain('day') && (c.isCertain('month') || c.isCertain('year'))) {
    throw new UserError('parse:badDate', { text }); // "décembre 9h": which day?
  }
  if (c.isCertain('day')) {
    let date = DateTime.utc(get('year'), get('month'), get('day'));
    if (!c.isCertain('year') && date < day0) date = date.plus({ years: 1 });
    return toInstant(at(date));
  }
  // A weekday or a time alone counts from `after` (the publication, for a session) when given.
  const from = opts.after ?? opts.now;
  const base = DateTime.fromJSDate(from, { zone: opts.zone });
  const start = DateTime.utc(base.year, base.month, base.day);
  if (c.isCertain('weekday')) {
    const wanted = get('weekday') === 0 ? 7 : get('weekday'); // chrono: Sunday 0; luxon: Sunday 7
    let ahead = (wanted - base.weekday + 7) % 7;
    if (ahead === 0 && NEXT.test(clean)) ahead = 7;
    const instant = toInstant(at(start.plus({ days: ahead })));
    return ahead === 0 && instant <= from ? toInstant(at(start.plus({ days: 7 }))) : instant;
  }
  const instant = toInstant(at(start));
  return instant <= from ? toInstant(at(start.plus({ days: 1 }))) : instant;
}

function fromIso(match: RegExpExecArray, text: string, zone: string): Date {
  const [, y, mo, d, h, mi, s = '0', tz] = match;
  if (h === undefined) throw new UserError('parse:dateNeedsTime', { text });
  const wall = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi) };
  if (!DateTime.fromObject(wall, { zone: 'UTC' }).isValid) throw new UserError('parse:badDate', { text });
  if (tz === undefined) return new Date(wallToInstant(wall, zone)!.getTime() + Number(s) * 1000);
  const [, sign = '+', hh = '0', mm = '0'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(tz) ?? [];
  const offset = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm));
  return new Date(wallMs(wall, Number(s)) - offset * 60_000);
}

function wallOf(dt: DateTime): Wall {
  return { year: dt.year, month: dt.month, day: dt.day, hour: dt.hour, minute: dt.minute };
}

/** Milliseconds of a wall-clock time read as if it were UTC: differences between two are exact durations. */
function wallMs(wall: Wall, second = 0): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, second);
}

function normalise(text: string): string {
  return (
    text
      .normalize('NFC')
      .replace(/[\u2019\u02bc]/g, "'") // typographic apostrophe: "aujourd’hui"
      .replace(/\s+/g, ' ')
      // chrono's French knows "12h", not "midi". "minuit" stays unread: "demain à minuit" is read both ways.
      .replace(/(^|[\s,])midi(?![\w-])/gi, '$112h')
      .replace(/(\d)\s*h\s*(\d{2})\b/gi, '$1h$2') // "8 h 30" -> "8h30"
      .replace(/(\d)\s+h\b/gi, '$1h') // "8 h" -> "8h"
      .trim()
  );
}

function assertZone(zone: string): void {
  // A bad zone is a configuration bug, not something the teacher typed.
  if (!IANAZone.isValidZone(zone)) throw new Error(`Unknown IANA time zone: ${zone}`);
}

/**
 * The instant showing `wall` on the zone's clocks. Skipped times (spring) move forward by the gap;
 * repeated times (autumn) take the first occurrence, or the first one after `after` when given.
 * Null when the wall time is not a date (31 February).
 */
function wallToInstant(wall: Wall, zone: string, after?: Date): Date | null {
  const local = DateTime.fromObject(wall, { zone });
  if (!local.isValid) return null;
  const candidates = local
    .getPossibleOffsets()
    .map((dt) => dt.toMillis())
    .sort((a, b) => a - b);
  const pick = after ? candidates.find((ms) => ms > after.getTime()) : candidates[0];
  return new Date(pick ?? candidates.at(-1) ?? local.toMillis());
}

// ---------------------------------------------------------------------------------------------
// Durations: reminder offsets such as "24h", "90min", "1j", "1h30".

const UNITS: ReadonlyArray<[RegExp, number]> = [
  [/^(?:w|wk|wks|weeks?|sem|semaines?)$/, 7 * 24 * 60],
  [/^(?:d|j|jr|jrs|days?|jours?)$/, 24 * 60],
  [/^(?:h|hr|hrs|hours?|heures?)$/, 60],
  [/^(?:m|mn|min|mins|minutes?)$/, 1],
];

/** Minutes in a duration such as `24h`, `1h30`, `90min`, `1j`/`1d`, `30m`. Throws `parse:badDuration`. */
export function parseDuration(text: string): number {
  const clean = text
    .trim()
    .toLowerCase()
    .replace(/\b(?:et|and)\b/g, ' ');
  const token = /\s*(\d+(?:[.,]\d+)?)\s*([a-zé]*)\s*/y;
  let total = 0;
  let lastUnit = Number.POSITIVE_INFINITY; // units must go from large to small, each at most once
  let parts = 0;
  while (token.lastIndex < clean.length) {
    const match = token.exec(clean);
    if (!match) throw new UserError('parse:badDuration', { text });
    const amount = Number(match[1]!.replace(',', '.'));
    // A bare number after hours is minutes ("1h30"); anywhere else it is ambiguous.
    const unit = match[2] ? UNITS.find(([re]) => re.test(match[2]!))?.[1] : lastUnit === 60 ? 1 : undefined;
    if (unit === undefined || unit >= lastUnit) throw new UserError('parse:badDuration', { text });
    total += amount * unit;
    lastUnit = unit;
    parts += 1;
  }
  const minutes = Math.round(total);
  if (parts === 0 || minutes <= 0) throw new UserError('parse:badDuration', { text });
  return minutes;
}

/** Reminder offsets such as `24h, 1h`: minutes, largest first, without duplicates, each within bounds. */
export function parseOffsets(text: string): number[] {
  const parts = text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) throw new UserError('parse:noOffsets', { text });
  const minutes = parts.map((part) => {
    const value = parseDuration(part);
    if (value < MIN_OFFSET_MINUTES || value > MAX_OFFSET_MINUTES) {
      throw new UserError('parse:offsetOutOfRange', {
        text: part,
        minMinutes: MIN_OFFSET_MINUTES,
        maxDays: MAX_OFFSET_MINUTES / (24 * 60),
      });
    }
    return value;
  });
  return [...new Set(minutes)].sort((a, b) => b - a);
}

// ---------------------------------------------------------------------------------------------
// Quiet hours: no private message to a student in a daily range such as 20:00-07:30.

const CLOCK = /^(\d{1,2})(?:\s*[:h.]\s*(\d{2})?)?\s*(am|pm)?$/i;

/** A daily range typed as `20:00-07:30`, `20h-7h30`, `20h à 7h30`, `8pm to 7:30am`. */
export function parseClockRange(text: string): ClockRange {
  const match = /^(.+?)\s*(?:-|–|—|\s(?:à|a|to|until|jusqu'à)\s)\s*(.+)$/i.exec(normalise(text));
  const start = match ? parseClock(match[1]!) : null;
  const end = match ? parseClock(match[2]!) : null;
  if (start === null || end === null) throw new UserError('parse:badClockRange', { text });
  if (start === end) throw new UserError('parse:clockRangeEmpty', { text });
  return { start: formatClock(start), end: formatClock(end) };
}

/** Whether `instant` falls in the daily range, read on the zone's clocks (start included, end excluded). */
export function isWithinQuietHours(instant: Date, zone: string, range: ClockRange): boolean {
  assertZone(zone);
  const [start, end] = rangeMinutes(range);
  const local = DateTime.fromJSDate(instant, { zone });
  const minute = local.hour * 60 + local.minute;
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** `instant` itself when outside the range, else the instant the quiet period ends on the zone's clocks. */
export function nextOutsideQuietHours(instant: Date, zone: string, range: ClockRange): Date {
  if (!isWithinQuietHours(instant, zone, range)) return instant;
  const [start, end] = rangeMinutes(range);
  const local = DateTime.fromJSDate(instant, { zone });
  const minute = local.hour * 60 + local.minute;
  const endDay = start > end && minute >= start ? local.plus({ days: 1 }) : local;
  const wall = {
    year: endDay.year,
    month: endDay.month,
    day: endDay.day,
    hour: Math.floor(end / 60),
    minute: end % 60,
  };
  // `after`: on an autumn night the end time may come twice; the first one may already be behind us.
  return wallToInstant(wall, zone, instant) ?? instant;
}

function parseClock(text: string): number | null {
  const match = CLOCK.exec(text.trim());
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const meridiem = match[3]?.toLowerCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  return hour * 60 + minute;
}

function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function rangeMinutes(range: ClockRange): [number, number] {
  const start = /^\d{2}:\d{2}$/.test(range.start) ? parseClock(range.start) : null;
  const end = /^\d{2}:\d{2}$/.test(range.end) ? parseClock(range.end) : null;
  // Ranges come from parseClockRange and the database, so a bad one is a bug, not a typo.
  if (start === null || end === null) throw new Error(`Bad clock range: ${range.start}-${range.end}`);
  return [start, end];
}
