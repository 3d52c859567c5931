// Quiet hours with weekends (France, 2025: no notifications 20:00-07:00 nor at weekends): the next
// allowed instant, on the class's clocks, across weekends and both daylight-saving changes.
import { describe, expect, it } from 'vitest';
import { isQuiet, nextAllowed, type QuietHours } from '../../src/services/quiet-hours.ts';

const paris = 'Europe/Paris';
const french: QuietHours = { start: '20:00', end: '07:30', weekends: true };
const next = (iso: string, quiet = french, zone = paris) =>
  nextAllowed(new Date(iso), zone, quiet).toISOString();

describe('quiet hours with weekends', () => {
  it('lets a weekday evening before 20:00 through at once', () => {
    expect(next('2026-11-27T18:59:00Z')).toBe('2026-11-27T18:59:00.000Z'); // Friday 19:59
    expect(isQuiet(new Date('2026-11-27T18:59:00Z'), paris, french)).toBe(false);
  });

  it('holds Friday night, Saturday and Sunday until Monday at the end of the night', () => {
    const monday = '2026-11-30T06:30:00.000Z'; // Monday 07:30 in Paris (UTC+1)
    expect(next('2026-11-27T19:00:00Z')).toBe(monday); // Friday 20:00
    expect(next('2026-11-28T11:00:00Z')).toBe(monday); // Saturday noon
    expect(next('2026-11-29T22:30:00Z')).toBe(monday); // Sunday 23:30
    expect(next('2026-11-30T02:00:00Z')).toBe(monday); // Monday 03:00
    expect(next('2026-11-30T06:30:00Z')).toBe(monday); // Monday 07:30 itself is allowed
  });

  it('keeps weekends open when the class allows them', () => {
    const open = { ...french, weekends: false };
    expect(next('2026-11-28T11:00:00Z', open)).toBe('2026-11-28T11:00:00.000Z');
    expect(next('2026-11-28T21:00:00Z', open)).toBe('2026-11-29T06:30:00.000Z'); // Sunday 07:30
  });

  it('counts on the zone clocks across the autumn change', () => {
    // Saturday 24 Oct 2026 12:00 CEST; clocks go back on Sunday; Monday 07:30 is CET.
    expect(next('2026-10-24T10:00:00Z')).toBe('2026-10-26T06:30:00.000Z');
  });

  it('counts on the zone clocks across the spring change', () => {
    // Saturday 28 Mar 2026 12:00 CET; clocks go forward on Sunday; Monday 07:30 is CEST.
    expect(next('2026-03-28T11:00:00Z')).toBe('2026-03-30T05:30:00.000Z');
  });

  it('uses the class zone, not the server one', () => {
    // Saturday 10:00 in New York is still a weekend there; Monday 07:30 EST is 12:30 UTC.
    expect(next('2026-11-28T15:00:00Z', french, 'America/New_York')).toBe('2026-11-30T12:30:00.000Z');
  });

  it('ends a weekend at Monday midnight when the daily range does not cover it', () => {
    const lunch: QuietHours = { start: '12:00', end: '13:00', weekends: true };
    expect(next('2026-11-28T11:00:00Z', lunch)).toBe('2026-11-29T23:00:00.000Z'); // Monday 00:00
    expect(next('2026-11-30T11:30:00Z', lunch)).toBe('2026-11-30T12:00:00.000Z'); // Monday 13:00
  });
});
