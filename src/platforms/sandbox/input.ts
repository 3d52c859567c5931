// Checks of what the page sends. A bad field is a 400 naming the field, never a crash deeper down.

import { pickLocale } from '../../core/locale.ts';
import { badRequest, HttpError, notFound } from '../../http/errors.ts';
import type { ActingMember } from './inbound.ts';
import type { SandboxDispatcher, SandboxPlatform } from './platform.ts';

/** Longest line the composer may send; commands are short, quiz texts go through forms. */
export const maxLineLength = 4000;
/** Longest value of one form field. */
export const maxFieldLength = 8000;

export type Body = Record<string, unknown>;

/** The body as an object (a JSON array or number is a client mistake). */
export function objectBody(value: unknown): Body {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badRequest('web:http.badBody');
  return value as Body;
}

/** A string field; `undefined` when optional and absent. */
export function stringField(body: Body, name: string, max = 200): string {
  const value = body[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw badRequest('web:http.badField', { field: name });
  }
  return value;
}

export function optionalString(body: Body, name: string, max = 200): string | undefined {
  return body[name] === undefined || body[name] === null ? undefined : stringField(body, name, max);
}

/** A list of short strings (button arguments, form state). */
export function stringList(body: Body, name: string): string[] {
  const value = body[name] ?? [];
  if (
    !Array.isArray(value) ||
    value.length > 20 ||
    !value.every((v) => typeof v === 'string' && v.length <= 200)
  ) {
    throw badRequest('web:http.badField', { field: name });
  }
  return value as string[];
}

/** A map of field ids to text (form values). */
export function stringRecord(body: Body, name: string): Record<string, string> {
  const value = body[name] ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('web:http.badField', { field: name });
  }
  const entries = Object.entries(value);
  if (entries.length > 20 || !entries.every(([, v]) => typeof v === 'string' && v.length <= maxFieldLength)) {
    throw badRequest('web:http.badField', { field: name });
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** The dispatcher, or a 503 while the bot is still starting. */
export function dispatcherOf(sandbox: SandboxPlatform): SandboxDispatcher {
  const dispatcher = sandbox.dispatcher;
  if (!dispatcher) throw new HttpError(503, 'starting', 'web:errors.notStarted');
  return dispatcher;
}

/** The member the page acts as, in the language it shows (else the member's own). */
export function actingMember(
  sandbox: SandboxPlatform,
  dispatcher: SandboxDispatcher,
  memberId: string | null | undefined,
  locale: string | null | undefined,
): ActingMember {
  const member = memberId ? sandbox.member(memberId) : undefined;
  if (!member) throw notFound('web:errors.unknownMember');
  return { member, locale: pickLocale(dispatcher.i18n, locale, member.locale) };
}
