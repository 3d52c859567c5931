// The sandbox end to end over HTTP: a real server, the real dispatcher and i18n, a tiny catalogue.
// Members act with fetch and watch their own event streams, as their pages would.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import type { Catalogue } from '../../src/core/commands.ts';
import { type Directory, Dispatcher } from '../../src/core/dispatcher.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { healthRoute } from '../../src/http/health.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { createI18n } from '../../src/i18n/i18n.ts';
import { type SandboxMember, SandboxPlatform } from '../../src/platforms/sandbox/platform.ts';
import { mountSandbox } from '../../src/platforms/sandbox/routes.ts';

const members: SandboxMember[] = [
  { id: 'u-teacher', name: 'Mme Martin', role: 'teacher', locale: 'fr' },
  { id: 'u-alice', name: 'Alice', role: 'student', locale: 'en' },
  { id: 'u-bilal', name: 'Bilal', role: 'student', locale: 'fr' },
];

// Description keys borrow web: strings: the test only needs keys that exist.
const catalogue: Catalogue<{ unused: true }> = {
  commands: [
    {
      name: 'demo',
      descriptionKey: 'web:page.title',
      access: 'member',
      options: [{ name: 'text', type: 'text', descriptionKey: 'web:composer.label', required: true }],
      async handler({ args, reply }) {
        await reply.private(`private:${args.text}`);
        await reply.public({
          text: `public:${args.text}`,
          controls: [[{ kind: 'button', action: 'demo.press', args: ['7'], label: 'Press' }]],
        });
      },
    },
    {
      name: 'note',
      sub: 'add',
      descriptionKey: 'web:page.tagline',
      access: 'member',
      form: 'note',
      options: [
        { name: 'body', type: 'string', descriptionKey: 'web:composer.label', required: true },
        { name: 'capsule', type: 'string', descriptionKey: 'web:composer.label', autocomplete: 'capsule' },
      ],
      async handler({ args, reply }) {
        await reply.private(`note:${args.body}`);
      },
    },
  ],
  forms: [
    {
      id: 'note',
      titleKey: 'web:form.submit',
      access: 'member',
      fields: [
        { id: 'body', labelKey: 'web:composer.label', style: 'paragraph', required: true, maxLength: 500 },
      ],
      async handler({ values, state, reply }) {
        await reply.private(`noted:${values.body}:${state.join(',')}`);
      },
    },
  ],
  actions: [
    {
      action: 'demo.press',
      access: 'member',
      async handler({ args, actor, reply }) {
        await reply.private(`pressed:${args[0]}:${actor.displayName}`);
        await reply.update?.({ text: 'pressed once' });
      },
    },
  ],
};

const directory: Directory = {
  async resolve(_place, actor) {
    const member = members.find((m) => m.id === actor.platformUserId);
    if (!member) return null;
    const info = { id: `m-${member.id}`, classId: 'class-1', role: member.role, displayName: member.name };
    return { classId: 'class-1', language: 'fr', member: { ...info, locale: actor.locale ?? null } };
  },
};

interface StreamEvent {
  event: string;
  data: { message?: { id: string; kind: string; card?: { html?: string } }; form?: Record<string, unknown> };
}

/** Reads a member's event stream; `next` resolves with the next matching event, in arrival order. */
async function openEvents(base: string, member: string) {
  const controller = new AbortController();
  const res = await fetch(`${base}/sandbox/events?member=${member}`, { signal: controller.signal });
  if (!res.body) throw new Error('no stream');
  const received: StreamEvent[] = [];
  let cursor = 0;
  let wake: () => void = () => {};
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop() ?? '';
        for (const block of blocks) {
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) received.push({ event, data: JSON.parse(data) });
        }
        wake();
      }
    } catch {
      // aborted by close()
    }
  })();
  const next = async (match: (e: StreamEvent) => boolean): Promise<StreamEvent> => {
    for (;;) {
      while (cursor < received.length) {
        const event = received[cursor++] as StreamEvent;
        if (match(event)) return event;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  };
  await next((e) => e.event === 'ready');
  return { received, next, close: () => controller.abort() };
}

const withText = (kind: string, text: string) => (e: StreamEvent) =>
  e.event === 'message' && e.data.message?.kind === kind && (e.data.message.card?.html ?? '').includes(text);

let base = '';
let close: () => Promise<void>;
let health: { up: boolean };
let moves: Date[];

async function start(movable = true): Promise<void> {
  const i18n = createI18n('fr');
  const clock = new ManualClock(new Date('2025-03-10T07:00:00Z'));
  const dispatcher = new Dispatcher<{ unused: true }>({
    catalogue,
    services: { unused: true },
    directory,
    i18n,
    logger: silentLogger,
    now: () => clock.now(),
    suggest: async (_kind, _classId, partial) => [{ value: '12', label: `Fractions ${partial}` }],
  });
  moves = [];
  const sandbox = new SandboxPlatform({
    workspaceId: 'sandbox',
    channelId: 'classe',
    members,
    clock,
    classInfo: async () => ({ name: '5e B', timeZone: 'Europe/Paris' }),
    jumpTargets: async () => ({ publish: new Date('2025-03-10T08:00:00Z') }),
    moveClock: movable
      ? async (to) => {
          moves.push(to);
          clock.set(to);
        }
      : undefined,
  });
  const http = createHttpServer({ logger: silentLogger, i18n });
  health = { up: true };
  http.route(
    'GET',
    '/healthz',
    healthRoute(async () => {
      if (!health.up) throw new Error('database down');
    }),
  );
  mountSandbox(http, sandbox);
  await sandbox.start(dispatcher);
  const { port } = await http.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
  close = async () => {
    await sandbox.stop();
    await http.close();
  };
}

async function post(path: string, body: unknown, lang = 'en') {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': lang },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function getJson<T = Record<string, unknown>>(path: string): Promise<T> {
  return (await (await fetch(`${base}${path}`)).json()) as T;
}

async function state(member: string) {
  const res = await fetch(`${base}/sandbox/state?member=${member}`);
  return (await res.json()) as {
    messages: StreamEvent['data']['message'][];
    private: StreamEvent['data']['message'][];
  };
}

describe('sandbox over HTTP', () => {
  beforeEach(() => start());
  afterEach(() => close());

  it('shows private replies only to their member and public ones to everyone', async () => {
    const alice = await openEvents(base, 'u-alice');
    const bilal = await openEvents(base, 'u-bilal');
    expect(
      (await post('/sandbox/command', { member: 'u-alice', text: '/demo hello <b>you</b>' })).status,
    ).toBe(200);

    await alice.next(withText('ephemeral', 'private:hello &lt;b&gt;you&lt;/b&gt;'));
    await alice.next(withText('channel', 'public:hello'));
    await bilal.next(withText('channel', 'public:hello'));
    // The private reply was sent before the public post: had Bilal been sent it, it would be there.
    expect(bilal.received.some((e) => e.data.message?.kind === 'ephemeral')).toBe(false);

    const seenByBilal = await state('u-bilal');
    expect(seenByBilal.messages).toHaveLength(1);
    expect(seenByBilal.private).toHaveLength(0);
    const seenByAlice = await state('u-alice');
    expect(seenByAlice.private.map((m) => m?.kind)).toEqual(['command', 'ephemeral']);
    alice.close();
    bilal.close();
  });

  it('runs buttons, updates their message, and refuses buttons a message never had', async () => {
    const alice = await openEvents(base, 'u-alice');
    const bilal = await openEvents(base, 'u-bilal');
    await post('/sandbox/command', { member: 'u-alice', text: '/demo hi' });
    const posted = await bilal.next(withText('channel', 'public:hi'));
    const messageId = posted.data.message?.id;

    const press = { member: 'u-bilal', messageId, action: 'demo.press', args: ['7'] };
    expect((await post('/sandbox/action', press)).status).toBe(200);
    await bilal.next(withText('ephemeral', 'pressed:7:Bilal'));
    const updated = await alice.next((e) => e.event === 'update');
    expect(updated.data.message?.card?.html).toBe('pressed once');
    expect(alice.received.some(withText('ephemeral', 'pressed'))).toBe(false);

    await post('/sandbox/action', { ...press, args: ['999'], locale: 'en' });
    await bilal.next(withText('ephemeral', 'no longer works'));
    expect((await post('/sandbox/action', { ...press, messageId: 'm999' })).status).toBe(404);
    alice.close();
    bilal.close();
  });

  it('opens a form for a command run without its options, and submits it', async () => {
    const teacher = await openEvents(base, 'u-teacher');
    const alice = await openEvents(base, 'u-alice');
    await post('/sandbox/command', { member: 'u-teacher', text: '/note add' });
    const opened = await teacher.next((e) => e.event === 'form');
    expect(opened.data.form).toMatchObject({ form: 'note', title: 'Envoyer', state: [] });
    expect(opened.data.form?.fields).toEqual([
      expect.objectContaining({
        id: 'body',
        label: 'Commande',
        style: 'paragraph',
        required: true,
        value: '',
      }),
    ]);

    const submitted = { member: 'u-teacher', form: 'note', state: ['c1'], values: { body: 'Read p. 12' } };
    expect((await post('/sandbox/form', submitted)).status).toBe(200);
    await teacher.next(withText('ephemeral', 'noted:Read p. 12:c1'));

    // With its required option typed, the command runs instead.
    await post('/sandbox/command', { member: 'u-teacher', text: '/note add body:"Quiz friday"' });
    await teacher.next(withText('ephemeral', 'note:Quiz friday'));
    expect(alice.received.some((e) => e.event === 'form' || e.data.message?.kind === 'ephemeral')).toBe(
      false,
    );
    teacher.close();
    alice.close();
  });

  it('lets the dispatcher answer unknown commands and bad options, in the member language', async () => {
    const alice = await openEvents(base, 'u-alice');
    await post('/sandbox/command', { member: 'u-alice', text: '/nope now' });
    await alice.next(withText('ephemeral', 'the command'));
    const bilal = await openEvents(base, 'u-bilal');
    await post('/sandbox/command', { member: 'u-bilal', text: '/note add body:x capsule:y extra' }, 'fr');
    const error = await bilal.next((e) => e.event === 'message' && e.data.message?.kind === 'ephemeral');
    expect(error.data.message?.card).toMatchObject({
      tone: 'error',
      html: expect.stringContaining('Option inconnue'),
    });
    alice.close();
    bilal.close();
  });

  it('answers a bad body with a clear 4xx and keeps running', async () => {
    const bad = await post('/sandbox/command', '{"member": ', 'en');
    expect(bad).toEqual({
      status: 400,
      body: { error: 'bad_json', message: 'The request body is not valid JSON.' },
    });
    const french = await post('/sandbox/command', '[1]', 'fr');
    expect(french.status).toBe(400);
    expect(french.body.message).toContain('objet JSON');
    expect((await post('/sandbox/command', { member: 'u-nobody', text: '/demo x' })).status).toBe(404);
    expect((await post('/sandbox/command', { member: 'u-alice' })).body.error).toBe('bad_request');
    const text = await fetch(`${base}/sandbox/command`, { method: 'POST', body: 'x' });
    expect(text.status).toBe(415);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('serves the catalogue, suggestions, the page, its assets and translations', async () => {
    const catalogueView = await getJson<{ commands: { key: string }[] }>('/sandbox/catalogue?locale=en');
    expect(catalogueView.commands.map((c) => c.key)).toEqual(['demo', 'note add']);
    expect(catalogueView.commands[1]).toMatchObject({
      name: 'note',
      sub: 'add',
      form: 'note',
      description: expect.any(String),
    });
    const query = 'member=u-alice&command=note%20add&option=capsule&partial=fr';
    const suggestions = await getJson(`/sandbox/autocomplete?${query}`);
    expect(suggestions).toEqual({ suggestions: [{ value: '12', label: 'Fractions fr' }] });

    const page = await fetch(`${base}/?lang=en`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('Only you can see this');
    expect(html).not.toContain('{{');
    const script = await fetch(`${base}/sandbox/assets/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const path of ['..%2Fgateway.ts', '..%2F..%2F..%2Fpackage.json', '%2e%2e/routes.ts']) {
      expect((await fetch(`${base}/sandbox/assets/${path}`)).status).toBe(404);
    }
    const fr = await getJson<{ page: { private: string } }>('/sandbox/i18n/fr.json');
    expect(fr.page.private).toBe('Vous seul·e voyez ceci');
    expect((await fetch(`${base}/sandbox/i18n/xx.json`)).status).toBe(404);
  });

  it('moves the clock to the next publish time and tells every page', async () => {
    const bilal = await openEvents(base, 'u-bilal');
    const info = await getJson('/sandbox/clock');
    expect(info).toMatchObject({ clock: { canMove: true, timeZone: 'Europe/Paris' } });
    expect(info.targets).toEqual({ publish: '2025-03-10T08:00:00.000Z' });
    const moved = await post('/sandbox/clock', { to: 'publish' });
    expect(moved.body).toMatchObject({ clock: { now: '2025-03-10T08:00:00.000Z' } });
    await bilal.next((e) => e.event === 'clock');
    expect(moves).toEqual([new Date('2025-03-10T08:00:00Z')]);
    expect((await post('/sandbox/clock', { to: 'session' })).status).toBe(409);
    expect((await post('/sandbox/clock', { to: '2025-03-10T07:30:00Z' })).status).toBe(400);
    expect((await post('/sandbox/clock', { to: 'someday' })).status).toBe(400);
    bilal.close();
  });

  it('keeps the free text after a command exactly as typed', async () => {
    const alice = await openEvents(base, 'u-alice');
    await post('/sandbox/command', { member: 'u-alice', text: '/demo why x=5 and "two  words"?' });
    const reply = await alice.next(withText('ephemeral', 'private:'));
    expect(reply.data.message?.card?.html).toContain('private:why x=5 and &quot;two  words&quot;?');
    alice.close();
  });

  it('refuses to move the clock more than a year ahead, and stays where it was', async () => {
    const far = await post('/sandbox/clock', { to: '9999-12-31T00:00:00Z' });
    expect(far).toEqual({
      status: 400,
      body: { error: 'bad_request', message: 'The clock moves at most one year ahead at a time.' },
    });
    expect(moves).toEqual([]);
    expect((await post('/sandbox/clock', { to: '2026-01-10T08:00:00Z' })).status).toBe(200);
  });

  it('reports health from the database check', async () => {
    expect(await getJson('/healthz')).toEqual({ status: 'ok' });
    health.up = false;
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable' });
  });
});

describe('sandbox with real platforms on', () => {
  beforeEach(() => start(false));
  afterEach(() => close());

  it('keeps the clock fixed', async () => {
    const info = await getJson('/sandbox/clock');
    expect(info).toMatchObject({ clock: { canMove: false }, targets: {} });
    expect((await post('/sandbox/clock', { to: 'publish' })).status).toBe(409);
  });
});
