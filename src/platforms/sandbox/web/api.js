// Talking to the bot: JSON requests in the page's language, and the live event stream.
import { currentLanguage } from './i18n.js';

/** An answer the server refused, with its translated message. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? body?.error ?? body?.general?.join('\n') ?? String(status));
    this.status = status;
    this.body = body;
  }
}

async function request(method, path, body) {
  const headers = { accept: 'application/json', 'accept-language': currentLanguage() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const get = (path, params = {}) => request('GET', `${path}?${new URLSearchParams(params)}`);
export const post = (path, body) => request('POST', path, body);

/**
 * Opens the member's live stream. `ready` fires on every (re)connection: the page reloads its state
 * then, so nothing sent while it was away is missed.
 */
export function openStream(member, handlers) {
  const source = new EventSource(`/sandbox/events?${new URLSearchParams({ member })}`);
  for (const [name, handler] of Object.entries(handlers)) {
    if (name === 'error') continue;
    source.addEventListener(name, (event) => handler(JSON.parse(event.data)));
  }
  source.addEventListener('error', () => handlers.error?.());
  return () => source.close();
}
