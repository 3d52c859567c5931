// A class's quiet hours: a daily range (20:00-07:30) and, as French school platforms must since
// 2025, whole weekends. Nothing private reaches a student then; what falls due is held until the
// next allowed instant, on the class's own clocks (so across daylight-saving changes too).
import { DateTime } from 'luxon';
import { UserError } from '../core/errors.ts';
import type { Class } from '../db/models.ts';
import { isWithinQuietHours, nextOutsideQuietHours } from '../domain/dates.ts';

/** When private messages to students wait. */
export interface QuietHours {
  start: string;
  end: string;
  /** Saturdays and Sundays are quiet all day. */
  weekends: boolean;
}

/** Setting values of `/settings weekends:`. */
export const WEEKEND_CHOICES = ['quiet', 'allowed'] as const;

/** Reads `/settings weekends:`: `quiet` (no private message on Saturdays and Sundays) or `allowed`. */
export function parseWeekends(text: string): boolean {
  const value = text.trim().toLowerCase();
  if (value !== 'quiet' && value !== 'allowed')
    throw new UserError('errors:weekends', { value: text.slice(0, 20) });
  return value === 'quiet';
}

export function quietHoursOf(klass: Pick<Class, 'quietStart' | 'quietEnd' | 'quietWeekends'>): QuietHours {
  return { start: klass.quietStart, end: klass.quietEnd, weekends: klass.quietWeekends };
}

function isWeekend(instant: Date, zone: string): boolean {
  return DateTime.fromJSDate(instant, { zone }).weekday >= 6;
}

/** Whether nothing private may be sent at `instant`. */
export function isQuiet(instant: Date, zone: string, quiet: QuietHours): boolean {
  return (quiet.weekends && isWeekend(instant, zone)) || isWithinQuietHours(instant, zone, quiet);
}

/** `instant` when it is allowed, else the first allowed instant after it. */
export function nextAllowed(instant: Date, zone: string, quiet: QuietHours): Date {
  let at = instant;
  // Each step leaves one quiet period; a weekend and the night around it take at most three.
  for (let step = 0; step < 8 && isQuiet(at, zone, quiet); step++) {
    if (quiet.weekends && isWeekend(at, zone)) {
      const local = DateTime.fromJSDate(at, { zone });
      // Monday 00:00 on the zone's clocks (midnight exists on every DST day in use).
      at = local
        .plus({ days: 8 - local.weekday })
        .startOf('day')
        .toJSDate();
    } else {
      at = nextOutsideQuietHours(at, zone, quiet);
    }
  }
  return at;
}
