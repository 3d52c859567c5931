// When a class's weekly digest goes out, in the class's own time zone (luxon keeps the wall-clock
// time across daylight-saving changes: Sunday 18:00 stays 18:00 in winter and in summer).
import { DateTime } from 'luxon';

/** The digest settings of a class. */
export interface DigestSchedule {
  digestDay: number;
  digestTime: string;
  timeZone: string;
}

/** `HH:MM` as hour and minute; 18:00 when the stored value is damaged. */
export function clockOf(text: string): { hour: number; minute: number } {
  const m = /^(\d{1,2})[:hH](\d{2})$/.exec(text.trim());
  const hour = Number(m?.[1] ?? 18);
  const minute = Number(m?.[2] ?? 0);
  return hour < 24 && minute < 60 ? { hour, minute } : { hour: 18, minute: 0 };
}

/** The first digest time at or after `from`. */
export function nextDigestAt(schedule: DigestSchedule, from: Date): Date {
  const { hour, minute } = clockOf(schedule.digestTime);
  const weekday = Math.min(7, Math.max(1, Math.round(schedule.digestDay))) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
  const start = DateTime.fromJSDate(from, { zone: schedule.timeZone });
  let at = start.set({ weekday, hour, minute, second: 0, millisecond: 0 });
  if (at < start) at = at.plus({ weeks: 1 }).set({ weekday, hour, minute });
  return at.toJSDate();
}

/** The ISO week of a moment in a zone, as `2026-W48`: the digest's identity in job keys. */
export function isoWeek(date: Date, zone: string): string {
  const d = DateTime.fromJSDate(date, { zone });
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}

/** The calendar day of a moment in a zone, as `2026-11-26`: names a teacher's manual send. */
export function localDay(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).toISODate() ?? date.toISOString().slice(0, 10);
}

/**
 * The digest's week, defined once: the calendar week, Monday 00:00 to the next Monday 00:00 in
 * the class's zone, that holds the moment the digest is written (`at`). "This week" is that week,
 * "next week" the one after. So the Sunday digest, a /digest send on a Tuesday and a preview on
 * any day of the same week all speak of the same capsules.
 */
export function digestWeek(at: Date, zone: string): { from: Date; until: Date; nextUntil: Date } {
  const start = DateTime.fromJSDate(at, { zone }).startOf('week');
  return {
    from: start.toJSDate(),
    until: start.plus({ weeks: 1 }).toJSDate(),
    nextUntil: start.plus({ weeks: 2 }).toJSDate(),
  };
}

/**
 * Capsules whose activity a digest written at `at` may show, whatever the class's zone (a parent
 * can have children in classes of several zones): a little more than a week on each side.
 */
export function digestWindow(at: Date): { from: Date; until: Date } {
  const margin = 8 * 24 * 3600_000;
  return { from: new Date(at.getTime() - margin), until: new Date(at.getTime() + margin) };
}

/** Reads `dimanche`, `sunday`, `sun`, `7`… as an ISO weekday; null when it is not one. */
export function parseWeekday(text: string): number | null {
  const t = text.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  if (/^[1-7]$/.test(t)) return Number(t);
  const names = [
    ['monday', 'mon', 'lundi', 'lun'],
    ['tuesday', 'tue', 'mardi', 'mar'],
    ['wednesday', 'wed', 'mercredi', 'mer'],
    ['thursday', 'thu', 'jeudi', 'jeu'],
    ['friday', 'fri', 'vendredi', 'ven'],
    ['saturday', 'sat', 'samedi', 'sam'],
    ['sunday', 'sun', 'dimanche', 'dim'],
  ];
  const index = names.findIndex((n) => n.includes(t));
  return index === -1 ? null : index + 1;
}

/** Reads `18:00`, `18h`, `18h30`, `6pm` as `HH:MM`; null when it is not a time. */
export function parseClock(text: string): string | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  const m = /^(\d{1,2})(?:[:h](\d{2})?)?(am|pm)?$/.exec(t);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  if (m[3] === 'pm' && hour < 12) hour += 12;
  if (m[3] === 'am' && hour === 12) hour = 0;
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}
