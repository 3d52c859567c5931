// Validation of what a teacher types about a capsule. Everything is checked before anything is
// written, so bad input changes nothing.
import { Checks, UserError } from '../core/errors.ts';
import { type ClockShift, readWhen } from './dates.ts';

/** A resource link under a capsule. */
export interface Resource {
  label: string;
  url: string;
}

export const TITLE_MAX = 100;
export const MINUTES_MAX = 180;

export function checkTitle(raw: string): string {
  const title = raw.trim().replace(/\s+/g, ' ');
  if (title.length === 0) throw new UserError('errors:capsule.titleEmpty');
  if (title.length > TITLE_MAX) throw new UserError('errors:capsule.titleTooLong', { max: TITLE_MAX });
  return title;
}

/** Only http(s) links: a capsule link is opened by children, so no javascript:, data: or file:. */
export function checkUrl(raw: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError('errors:capsule.badUrl', { value: text.slice(0, 80) });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError('errors:capsule.badUrl', { value: text.slice(0, 80) });
  }
  return url.toString();
}

export function checkMinutes(value: number | undefined): number | null {
  if (value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > MINUTES_MAX) {
    throw new UserError('errors:capsule.badMinutes', { max: MINUTES_MAX });
  }
  return value;
}

/** Reads resources typed one per line (or space separated): `Label https://…` or a bare link. */
export function parseResources(raw: string | undefined): Resource[] {
  if (!raw?.trim()) return [];
  const resources: Resource[] = [];
  for (const line of raw.split(/\n|(?<=\S)\s+(?=https?:\/\/)/)) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const match = /^(.*?)\s*(\S+:\/\/\S+)$/.exec(trimmed) ?? /^(.*?)\s*(\S+:\S+)$/.exec(trimmed);
    if (!match) throw new UserError('errors:capsule.badResource', { value: trimmed.slice(0, 80) });
    const url = checkUrl(match[2] ?? '');
    resources.push({ label: (match[1] ?? '').replace(/[\s:–-]+$/, '').trim() || new URL(url).hostname, url });
  }
  if (resources.length > 10) throw new UserError('errors:capsule.tooManyResources', { max: 10 });
  return resources;
}

const NOW_WORDS = new Set(['now', 'maintenant', 'tout de suite']);

/** A daylight-saving adjustment made to a typed time, to tell the teacher. */
export interface TimeNote extends ClockShift {
  field: 'publish' | 'session';
}

/** Checked publish and session instants, and the adjustments made to what was typed. */
export interface CheckedTimes {
  publishAt: Date;
  sessionAt: Date;
  notes: TimeNote[];
}

/**
 * Publish and session times: publish in the future, the session after publication. A session
 * given by weekday or by time alone is the next one after the publication ("lundi 8h" then
 * "mardi 10h" is the Tuesday after that Monday).
 */
export function checkTimes(
  input: { publish: string | Date; session: string | Date },
  context: { zone: string; locale: 'fr' | 'en'; now: Date },
  /** A published capsule keeps its past publish time; only its session may move. */
  publishMayBePast = false,
): CheckedTimes {
  const notes: TimeNote[] = [];
  const read = (field: TimeNote['field'], text: string, after?: Date): Date => {
    const { at, shift } = readWhen(text, after ? { ...context, after } : context);
    if (shift) notes.push({ field, ...shift });
    return at;
  };
  const now = typeof input.publish === 'string' && NOW_WORDS.has(input.publish.trim().toLowerCase());
  const checks = new Checks();
  const publishAt = checks.run('publish', () =>
    now ? context.now : input.publish instanceof Date ? input.publish : read('publish', input.publish),
  );
  // A publication already past (a published capsule) is no anchor: the session is then read from now.
  const anchor = publishAt && publishAt.getTime() > context.now.getTime() ? publishAt : undefined;
  const sessionAt = checks.run('session', () =>
    input.session instanceof Date ? input.session : read('session', input.session, anchor),
  );
  if (publishAt && !now && !publishMayBePast && publishAt.getTime() <= context.now.getTime()) {
    checks.add(new UserError('errors:capsule.publishInPast', {}, 'publish'));
  }
  if (publishAt && sessionAt && sessionAt.getTime() <= publishAt.getTime()) {
    checks.add(new UserError('errors:capsule.sessionBeforePublish', {}, 'session'));
  }
  checks.done();
  return { publishAt: publishAt as Date, sessionAt: sessionAt as Date, notes };
}
