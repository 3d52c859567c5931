// The sandbox's HTTP routes: the page and its assets, what a member may see, what they do, the live
// stream and the clock bar. main.ts mounts them unless SANDBOX=off.
import path from 'node:path';
import { pickLocale, pickT } from '../../core/locale.ts';
import { projectPath } from '../../core/project-path.ts';
import { conflict, HttpError, notFound } from '../../http/errors.ts';
import type { HttpServer } from '../../http/server.ts';
import { openEventStream } from '../../http/sse.ts';
import { sendFile, serveStatic } from '../../http/static.ts';
import { availableLanguages } from '../../i18n/i18n.ts';
import { describeCommands } from './commands.ts';
import { runAction, runCommand, submitForm, suggest } from './inbound.ts';
import {
  actingMember,
  dispatcherOf,
  maxLineLength,
  objectBody,
  optionalString,
  stringField,
  stringList,
  stringRecord,
} from './input.ts';
import { renderPage } from './page.ts';
import type { JumpTargets, SandboxPlatform } from './platform.ts';

/** Where the page's files and the translations are read from (tests may point elsewhere). */
export interface MountOptions {
  webDir?: string;
  localesDir?: string;
}

// The page's files stay in src/ (not compiled): the same folder under tsx and from dist/.
const defaultWebDir = projectPath('src/platforms/sandbox/web');
const defaultLocalesDir = projectPath('locales');

/** The page may only load its own files; card images arrive as data: URLs. */
const pageSecurity =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const jumpKinds = ['publish', 'reminder', 'session'] as const;

/** Mounts the sandbox page and its API on the bot's HTTP server. */
export function mountSandbox(http: HttpServer, sandbox: SandboxPlatform, options: MountOptions = {}): void {
  const webDir = options.webDir ?? defaultWebDir;
  const localesDir = options.localesDir ?? defaultLocalesDir;
  const languages = (): string[] => {
    const dispatcher = dispatcherOf(sandbox);
    return availableLanguages().filter((l) => dispatcher.i18n.match(l) === l);
  };

  http.route('GET', '/', async ({ res, query, locale }) => {
    const { i18n } = dispatcherOf(sandbox);
    const lang = pickLocale(i18n, query.get('lang'), locale);
    const html = await renderPage(path.join(webDir, 'index.html'), lang, i18n.t(lang));
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': pageSecurity,
    });
    res.end(html);
  });
  http.route('GET', '/sandbox/assets/*', serveStatic(webDir));

  http.route('GET', '/sandbox/i18n/*', async ({ res, rest }) => {
    const lang = rest.replace(/\.json$/, '');
    if (!languages().includes(lang)) throw notFound();
    await sendFile(res, path.join(localesDir, lang, 'web.json'));
  });

  http.route('GET', '/sandbox/catalogue', ({ query, send }) => {
    const dispatcher = dispatcherOf(sandbox);
    const t = pickT(dispatcher.i18n, query.get('locale'));
    send(200, { commands: describeCommands(dispatcher.catalogue.commands, t) });
  });

  http.route('GET', '/sandbox/state', async ({ query, send }) => {
    const dispatcher = dispatcherOf(sandbox);
    // Without a member, the page opens as the first one (the teacher in the demo class).
    const memberId = query.get('member') ?? sandbox.options.members[0]?.id;
    const who = actingMember(sandbox, dispatcher, memberId, query.get('locale'));
    const info = await sandbox.options.classInfo?.().catch(() => null);
    const seen = sandbox.visibleTo(who.member.id);
    send(200, {
      member: who.member,
      locale: who.locale,
      members: sandbox.options.members,
      languages: languages(),
      className: info?.name ?? null,
      channel: { id: sandbox.options.channelId, name: sandbox.channelName(sandbox.options.channelId) },
      messages: seen.channel,
      private: seen.private,
      clock: await sandbox.clock(),
    });
  });

  http.route('POST', '/sandbox/command', async ({ json, send }) => {
    const body = objectBody(await json());
    const dispatcher = dispatcherOf(sandbox);
    const who = actingMember(
      sandbox,
      dispatcher,
      stringField(body, 'member'),
      optionalString(body, 'locale'),
    );
    await runCommand(sandbox, dispatcher, who, stringField(body, 'text', maxLineLength));
    send(200, { ok: true });
  });

  http.route('POST', '/sandbox/action', async ({ json, send }) => {
    const body = objectBody(await json());
    const dispatcher = dispatcherOf(sandbox);
    const who = actingMember(
      sandbox,
      dispatcher,
      stringField(body, 'member'),
      optionalString(body, 'locale'),
    );
    await runAction(sandbox, dispatcher, who, {
      messageId: stringField(body, 'messageId'),
      action: stringField(body, 'action'),
      args: stringList(body, 'args'),
      value: optionalString(body, 'value'),
    });
    send(200, { ok: true });
  });

  http.route('POST', '/sandbox/form', async ({ json, send }) => {
    const body = objectBody(await json());
    const dispatcher = dispatcherOf(sandbox);
    const who = actingMember(
      sandbox,
      dispatcher,
      stringField(body, 'member'),
      optionalString(body, 'locale'),
    );
    const result = await submitForm(sandbox, dispatcher, who, {
      form: stringField(body, 'form'),
      state: stringList(body, 'state'),
      values: stringRecord(body, 'values'),
    });
    if (result.status === 'invalid') {
      // The dialog stays open: every mistake by field, and those about no field above them.
      send(422, { ok: false, fields: result.fields, general: result.general });
      return;
    }
    send(200, { ok: true });
  });

  http.route('GET', '/sandbox/autocomplete', async ({ query, send }) => {
    const dispatcher = dispatcherOf(sandbox);
    const who = actingMember(sandbox, dispatcher, query.get('member'), query.get('locale'));
    const suggestions = await suggest(sandbox, dispatcher, who, {
      command: query.get('command') ?? '',
      option: query.get('option') ?? '',
      partial: (query.get('partial') ?? '').slice(0, 100),
    });
    send(200, { suggestions });
  });

  http.route('GET', '/sandbox/events', ({ query, res }) => {
    const who = actingMember(sandbox, dispatcherOf(sandbox), query.get('member'), null);
    const stream = openEventStream(res);
    const unsubscribe = sandbox.subscribe({
      memberId: who.member.id,
      send: (event) => stream.send(event.type, event),
      close: () => stream.close(),
    });
    stream.onClose(unsubscribe);
    // Tells the page (and tests) the subscription is live, so nothing sent after this is missed.
    stream.send('ready', { member: who.member.id });
  });

  http.route('GET', '/sandbox/clock', async ({ send }) => {
    const clock = await sandbox.clock();
    const targets = clock.canMove && sandbox.options.jumpTargets ? await sandbox.options.jumpTargets() : {};
    send(200, { clock, targets: isoTargets(targets, sandbox.options.clock.now()) });
  });

  let moving = false;
  http.route('POST', '/sandbox/clock', async ({ json, send }) => {
    const { moveClock, jumpTargets } = sandbox.options;
    if (!moveClock) throw conflict('web:clock.fixed');
    const body = objectBody(await json());
    const to = stringField(body, 'to', 64);
    const kind = jumpKinds.find((k) => k === to);
    const target = kind ? (await jumpTargets?.())?.[kind] : parseTime(to);
    if (!target) throw conflict('web:clock.nothingAhead');
    if (target.getTime() <= sandbox.options.clock.now().getTime()) {
      throw new HttpError(400, 'bad_request', 'web:clock.past');
    }
    // A school year is what the sandbox plays; year 9999 would only break every date after it.
    if (target.getTime() - sandbox.options.clock.now().getTime() > MAX_JUMP_MS) {
      throw new HttpError(400, 'bad_request', 'web:clock.tooFar');
    }
    // One move at a time: each one runs the jobs that fell due, which must not interleave.
    if (moving) throw conflict('web:clock.busy');
    moving = true;
    try {
      await moveClock(target);
    } finally {
      moving = false;
    }
    const clock = await sandbox.clock();
    sandbox.clockMoved(clock);
    send(200, { clock });
  });
}

/** Farthest the clock moves in one jump: a year and a day. */
const MAX_JUMP_MS = 366 * 24 * 60 * 60 * 1000;

function parseTime(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) throw new HttpError(400, 'bad_request', 'web:clock.badTime');
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new HttpError(400, 'bad_request', 'web:clock.badTime');
  return date;
}

/** Targets still ahead, as ISO strings: a jump back in time is never offered. */
function isoTargets(targets: JumpTargets, now: Date): Partial<Record<(typeof jumpKinds)[number], string>> {
  const out: Partial<Record<(typeof jumpKinds)[number], string>> = {};
  for (const kind of jumpKinds) {
    const date = targets[kind];
    if (date && date.getTime() > now.getTime()) out[kind] = date.toISOString();
  }
  return out;
}
