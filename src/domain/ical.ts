// iCalendar (RFC 5545) written by hand: ical-generator 11 needs Node 22, and the subset a class
// calendar needs is small. Lines end with CRLF, are folded at 75 octets without splitting a UTF-8
// character, text values are escaped, and every time is UTC ("Z").

/** One event of the calendar. */
export interface CalendarEvent {
  /** Globally unique and stable: the same capsule keeps the same UID across edits. */
  uid: string;
  /** Bumped on each edit: calendar apps replace an event only when it grows. */
  sequence: number;
  /** When this version of the event was written. */
  stamp: Date;
  start: Date;
  /** Length in minutes; 0 for a moment (a publication). */
  minutes: number;
  summary: string;
  description?: string;
  url?: string;
  cancelled: boolean;
}

/** The calendar: a name and its events. */
export interface CalendarFeed {
  name: string;
  /** Product id, e.g. "-//Inverso//Class calendar//FR". */
  prodId: string;
  events: CalendarEvent[];
}

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A UTC date-time, `YYYYMMDDTHHMMSSZ`. */
export function utcStamp(date: Date): string {
  return `${date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}`;
}

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    // The first line holds 75 octets; continuation lines start with a space, so 74 more.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** The calendar as text, ready to serve as text/calendar. */
export function renderCalendar(feed: CalendarFeed): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${feed.prodId}`,
    'CALSCALE:GREGORIAN',
    `NAME:${escapeText(feed.name)}`,
    `X-WR-CALNAME:${escapeText(feed.name)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
  ];
  for (const event of feed.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `SEQUENCE:${event.sequence}`,
      `DTSTAMP:${utcStamp(event.stamp)}`,
      `LAST-MODIFIED:${utcStamp(event.stamp)}`,
      `DTSTART:${utcStamp(event.start)}`,
      `DTEND:${utcStamp(new Date(event.start.getTime() + event.minutes * 60_000))}`,
      `SUMMARY:${escapeText(event.summary)}`,
    );
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.url) lines.push(`URL:${event.url}`);
    lines.push(`STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
