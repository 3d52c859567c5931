import { randomBytes } from 'node:crypto';
import type { ApiObject } from './types.ts';

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;
let lastId = 0n;

/**
 * A new snowflake (decimal string) based on the current time. Strictly increasing inside the process so
 * ids sort like Discord's, which discord.js relies on for `createdTimestamp` and cache ordering.
 */
export function newSnowflake(): string {
  increment = (increment + 1n) % 4096n;
  let id = ((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment;
  if (id <= lastId) id = lastId + 1n;
  lastId = id;
  return id.toString();
}

/** An opaque interaction token, long and URL-safe like Discord's. */
export function newToken(): string {
  return `aW50ZXJhY3Rpb24${randomBytes(48).toString('base64url')}`;
}

/** The value as a plain object, or an empty object when it is not one. */
export function asRecord(value: unknown): ApiObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ApiObject) : {};
}

/** The value when it is an array, else an empty array. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is a string, else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value when it is a finite number, else undefined. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Discord's error body: `{ message, code }`, plus `errors` for form errors (code 50035). */
export function apiError(message: string, code: number, errors?: ApiObject): ApiObject {
  return errors ? { message, code, errors } : { message, code };
}

/**
 * A 50035 "Invalid Form Body" error for one field. A dotted path (`embeds.0.title`) is nested the way Discord
 * nests `errors`, so code that walks `rawError.errors` sees the real shape.
 */
export function formError(path: string, errorCode: string, message: string): ApiObject {
  let errors: ApiObject = { _errors: [{ code: errorCode, message }] };
  for (const key of path.split('.').reverse()) errors = { [key]: errors };
  return apiError('Invalid Form Body', 50035, errors);
}

/** ISO timestamp with Discord's `+00:00` suffix. */
export function isoNow(): string {
  return new Date().toISOString().replace('Z', '+00:00');
}
