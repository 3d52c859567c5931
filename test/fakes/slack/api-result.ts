// The shape shared by all fake Web API methods: the answer type, the handler signature and the little
// argument readers (form values arrive as strings).
import type { SlackState } from './state.ts';

/** A Web API answer body: `{ ok: true, ... }` or `{ ok: false, error }`. */
export type ApiResult = Record<string, unknown> & { ok: boolean };

/** What a method handler gets besides its arguments. */
export interface MethodContext {
  state: SlackState;
  token: string | undefined;
  /** Base URL of the fake server, e.g. `http://127.0.0.1:1234`. */
  baseUrl: string;
}

/** Computes the answer of one Web API method. */
export type MethodHandler = (args: Record<string, unknown>, ctx: MethodContext) => ApiResult;

export const fail = (error: string): ApiResult => ({ ok: false, error });
export const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
export const flag = (value: unknown): boolean =>
  value === true || value === 'true' || value === '1' || value === 1;
