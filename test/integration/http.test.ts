// The bot's HTTP server: routing, bodies with limits, raw bodies left alone, errors that never crash.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger.ts';
import { badRequest } from '../../src/http/errors.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import { createI18n } from '../../src/i18n/i18n.ts';

let http: HttpServer;
let base: string;
const errors: object[] = [];

const logger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error(obj) {
    errors.push(obj);
  },
  child: () => logger,
};

beforeEach(async () => {
  errors.length = 0;
  http = createHttpServer({ logger, i18n: createI18n('fr') });
  http.route('POST', '/echo', async ({ json, send }) => send(200, { got: await json(1024) }));
  http.route('POST', '/raw', async ({ raw, send }) => send(200, { bytes: (await raw()).toString('hex') }));
  http.route('POST', '/form', async ({ form, send }) => send(200, await form()));
  http.route('GET', '/files/*', ({ rest, send }) => send(200, { rest }));
  http.route('GET', '/files/special', ({ send }) => send(200, { exact: true }));
  http.route('GET', '/boom', () => {
    throw new Error('kaboom');
  });
  http.route('GET', '/refuse', () => {
    throw badRequest('web:http.badField', { field: 'x' });
  });
  const { port } = await http.listen(0);
  base = `http://127.0.0.1:${port}`;
});

afterEach(() => http.close());

describe('http server', () => {
  it('routes exact paths before prefixes and answers 404 and 405', async () => {
    expect(await (await fetch(`${base}/files/a/b.txt`)).json()).toEqual({ rest: 'a/b.txt' });
    expect(await (await fetch(`${base}/files/special`)).json()).toEqual({ exact: true });
    const missing = await fetch(`${base}/nowhere`, { headers: { 'accept-language': 'en' } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not_found', message: 'Nothing here.' });
    const wrong = await fetch(`${base}/echo`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await fetch(`${base}/files/x`, { method: 'HEAD' })).status).toBe(200);
  });

  it('reads JSON, forms and raw bytes, with a size limit', async () => {
    const json = { 'content-type': 'application/json' };
    const ok = await fetch(`${base}/echo`, { method: 'POST', headers: json, body: '{"a":1}' });
    expect(await ok.json()).toEqual({ got: { a: 1 } });
    const big = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify('x'.repeat(5000)),
    });
    expect(big.status).toBe(413);
    const form = await fetch(`${base}/form`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1&b=d%C3%A9j%C3%A0',
    });
    expect(await form.json()).toEqual({ a: '1', b: 'déjà' });
    const raw = await fetch(`${base}/raw`, { method: 'POST', body: 'a=1' });
    expect(await raw.json()).toEqual({ bytes: '613d31' });
  });

  it('turns a thrown error into a 500 with an id logged once, and keeps serving', async () => {
    const res = await fetch(`${base}/boom`, { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: string; id: string; message: string };
    expect(body.error).toBe('internal');
    expect(body.message).toContain(body.id);
    expect(errors).toEqual([expect.objectContaining({ errorId: body.id })]);
    const refused = await fetch(`${base}/refuse`, { headers: { 'accept-language': 'en' } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toBe(
      'The field "x" is missing or not valid.',
    );
    expect((await fetch(`${base}/files/ok`)).status).toBe(200);
  });
});
