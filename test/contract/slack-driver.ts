// Drives the real Slack platform (@slack/bolt) against the in-process fake Slack, as people would:
// signed HTTP requests to /slack/events on the bot's own HTTP server (or envelopes over the fake
// Socket Mode), and what users see read back from what the fake recorded (messages, response URL
// posts, opened views). Shared by the contract suite, the Slack integration tests and the bench.
import { decodeAction, encodeAction } from '../../src/core/card.ts';
import type { Dispatcher } from '../../src/core/dispatcher.ts';
import type { MessageRef } from '../../src/core/events.ts';
import { type Logger, silentLogger } from '../../src/core/logger.ts';
import type { Metrics } from '../../src/core/metrics.ts';
import { createHttpServer, type HttpServer } from '../../src/http/server.ts';
import type { SlackServices } from '../../src/platforms/slack/context.ts';
import type { EditRate } from '../../src/platforms/slack/edit-queue.ts';
import { mountSlackEvents } from '../../src/platforms/slack/mount.ts';
import { createSlackPlatform, type SlackPlatform } from '../../src/platforms/slack/platform.ts';
import type { SignatureLedger } from '../../src/platforms/slack/replay-guard.ts';
import {
  type FakeMessage,
  type FakeSlack,
  type SignedResponse,
  type SlackRequestBody,
  type SocketAck,
  signedRequest,
  startFakeSlack,
} from '../fakes/slack/index.ts';
import type {
  ContractDriver,
  ContractUser,
  ControlTarget,
  ObservedMessage,
  OpenedForm,
} from './platform-contract.ts';
import { contractUsers } from './platform-contract.ts';

export const CHANNEL = 'C0CLASS001';
export const SIGNING_SECRET = 'test-signing-secret';

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: Element[];
};
type Element = {
  type: string;
  action_id?: string;
  text?: { text: string };
  value?: string;
  url?: string;
  placeholder?: { text: string };
  options?: { text: { text: string }; value: string }[];
};

/** Slack mrkdwn back to readable text: links by label, no bold stars, entities decoded. */
export function readable(mrkdwn: string): string {
  return mrkdwn
    .replace(/<(https?:[^|>]+)\|([^>]*)>/g, '$2')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, '$1')
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** What a Slack message shows, as the contract reads it. */
export function observe(ref: MessageRef, blocks: unknown, fallback = ''): ObservedMessage {
  const list = (Array.isArray(blocks) ? blocks : []) as Block[];
  const observed: ObservedMessage = { ref, text: '', buttons: [], links: [], selects: [] };
  const lines: string[] = [];
  for (const block of list) {
    if (block.type === 'header' && observed.title === undefined) observed.title = block.text?.text ?? '';
    else if (block.type === 'header') lines.push(block.text?.text ?? '');
    if (block.type === 'section') {
      if (block.text) lines.push(readable(block.text.text));
      for (const f of block.fields ?? []) lines.push(readable(f.text));
    }
    if (block.type === 'context')
      for (const e of block.elements ?? [])
        lines.push(readable(e.text?.text ?? String((e as { text?: string }).text ?? '')));
    if (block.type !== 'actions') continue;
    for (const e of block.elements ?? []) {
      const label = e.text?.text ?? '';
      if (e.type === 'button' && e.url) observed.links.push({ label, url: e.url });
      else if (e.type === 'button' && e.value) observed.buttons.push({ label, ...decodeAction(e.value) });
      else if (e.type === 'static_select' && e.action_id?.startsWith('iv.s|')) {
        observed.selects.push({
          ...decodeAction(e.action_id.slice('iv.s|'.length)),
          placeholder: e.placeholder?.text ?? '',
          options: (e.options ?? []).map((o) => ({ value: o.value, label: o.text.text })),
        });
      }
    }
  }
  observed.text = list.length > 0 ? lines.filter(Boolean).join('\n') : readable(fallback);
  return observed;
}

/** Where an element is: enough to build the click Slack would send. */
interface Located {
  actionId: string;
  blockId?: string;
  value?: string;
  ts: string;
  channel: string;
  ephemeral: boolean;
}

/** Options of {@link makeSlackDriver}. */
export interface SlackDriverOptions {
  mode?: 'http' | 'socket';
  users?: (ContractUser & { dmClosed?: boolean })[];
  logger?: Logger;
  services?: () => SlackServices | undefined;
  editRate?: EditRate;
  formDeadlineMs?: number;
  /** Handed to the platform (Web API errors, rate-limit waits). */
  metrics?: Metrics;
  /** Where the platform remembers accepted request signatures; default its own memory. */
  ledger?: SignatureLedger;
}

/** The Slack driver, plus what Slack-specific tests look at. */
export interface SlackDriver extends ContractDriver {
  readonly platform: SlackPlatform;
  readonly fake: FakeSlack;
  /** HTTP mode: the bot's HTTP server and its events URL. */
  readonly http: HttpServer | null;
  readonly url: string;
  /** Sends a request as Slack would (signed HTTP or a Socket Mode envelope), then waits for the work. */
  send(body: SlackRequestBody, owner?: string): Promise<SignedResponse | SocketAck>;
  /** Types a slash command as `user`. */
  slash(user: ContractUser, command: string, text: string): Promise<SignedResponse | SocketAck>;
  /** Submits a form and returns Slack's answer (the modal's fate). */
  submit(
    user: ContractUser,
    form: OpenedForm,
    values: Record<string, string>,
  ): Promise<SignedResponse | SocketAck>;
  /** Presses the control of a message seen by `user`, wherever it is (channel, ephemeral, DM). */
  press(
    user: ContractUser,
    control: ControlTarget,
    value?: string,
    message?: MessageRef,
  ): Promise<SignedResponse | SocketAck>;
  /** Response URL posts and ephemeral messages seen by `user`, raw, in order. */
  privateRaw(userId: string): { url?: string; body: Record<string, unknown> }[];
}

/** The parts of a Block Kit block the driver reads. */
type SlackBlock = {
  type: string;
  block_id?: string;
  text?: { text?: string };
  elements?: { text?: string }[];
  element?: { initial_value?: string };
};

/** Slack escapes these in the text of a slash command. */
const slackEscape = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export async function makeSlackDriver(options: SlackDriverOptions = {}): Promise<SlackDriver> {
  const mode = options.mode ?? 'http';
  const users: (ContractUser & { dmClosed?: boolean })[] = options.users ?? Object.values(contractUsers);
  const fake = await startFakeSlack({
    users: users.map((u) => ({
      id: u.id,
      name: u.name.toLowerCase(),
      displayName: u.name,
      realName: u.name,
      locale: u.locale,
      ...(u.dmClosed ? { dmClosed: true } : {}),
    })),
    channels: [{ id: CHANNEL, name: '4e-b' }],
  });
  const team = fake.identity.teamId;
  const platform = createSlackPlatform({
    botToken: fake.botToken,
    appToken: fake.appToken,
    signingSecret: SIGNING_SECRET,
    mode,
    apiUrl: fake.apiUrl,
    logger: options.logger ?? silentLogger,
    retries: 1,
    ...(options.services ? { services: options.services } : {}),
    ...(options.editRate ? { editRate: options.editRate } : {}),
    ...(options.formDeadlineMs ? { formDeadlineMs: options.formDeadlineMs } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.ledger ? { ledger: options.ledger } : {}),
  });
  let http: HttpServer | null = null;
  let url = '';
  if (mode === 'http') {
    http = createHttpServer({ logger: options.logger ?? silentLogger });
    mountSlackEvents(http, platform);
    const { port } = await http.listen(0);
    url = `http://127.0.0.1:${port}/slack/events`;
  }
  const owners = new Map<string, string>(); // response URL or trigger id -> user id
  const openedMeta = new WeakMap<OpenedForm, string>();

  const send = async (body: SlackRequestBody, owner?: string): Promise<SignedResponse | SocketAck> => {
    if (owner) {
      if (body.responseUrl) owners.set(body.responseUrl, owner);
      const trigger = (body.payload as { trigger_id?: string }).trigger_id;
      if (trigger) owners.set(trigger, owner);
    }
    let answer: SignedResponse | SocketAck;
    if (mode === 'http') answer = await signedRequest(url, { signingSecret: SIGNING_SECRET, body });
    else {
      const p = body.payload as { type?: string; command?: string };
      const type = p.command ? 'slash_commands' : p.type === 'event_callback' ? 'events_api' : 'interactive';
      answer = await fake.socket.send(type, body.payload);
    }
    await platform.settled();
    return answer;
  };
  const who = (user: ContractUser) => ({ userId: user.id, userName: user.name.toLowerCase() });
  const slash = (user: ContractUser, command: string, text: string) =>
    send(fake.slashCommand({ command, text: slackEscape(text), channelId: CHANNEL, ...who(user) }), user.id);

  const privateRaw = (userId: string) => {
    const out: { url?: string; body: Record<string, unknown>; at: number }[] = [];
    for (const post of fake.responses) {
      if (owners.get(post.url) !== userId) continue;
      const body = post.body as Record<string, unknown>;
      if (body.delete_original === true) {
        const index = out.findLastIndex((e) => e.url === post.url);
        if (index >= 0) out.splice(index, 1);
      } else if (body.replace_original === true) {
        const index = out.findLastIndex((e) => e.url === post.url);
        if (index >= 0) out[index] = { url: post.url, body, at: post.at };
        else out.push({ url: post.url, body, at: post.at });
      } else out.push({ url: post.url, body, at: post.at });
    }
    for (const call of fake.callsTo('chat.postEphemeral')) {
      if (call.args.user === userId && call.response.ok) out.push({ body: call.args, at: call.at });
    }
    return out.sort((a, b) => a.at - b.at).map(({ url: u, body }) => (u ? { url: u, body } : { body }));
  };
  const dmChannel = (userId: string) =>
    [...fake.state.channels.values()].find((c) => c.imUser === userId)?.id;
  const refOf = (m: FakeMessage): MessageRef => ({
    platform: 'slack',
    channelId: m.channel,
    messageId: m.ts,
    extra: { team },
  });

  /** Finds the element of a control in what `user` can see, newest first. */
  const locate = (user: ContractUser, control: ControlTarget, message?: MessageRef): Located => {
    const encoded = encodeAction(control.action, control.args);
    const candidates: { blocks: unknown; ts: string; channel: string; ephemeral: boolean; url?: string }[] =
      [];
    for (const m of [...fake.state.messages].reverse()) {
      if (m.ephemeralFor !== undefined && m.ephemeralFor !== user.id) continue;
      if (m.channel !== CHANNEL && m.channel !== dmChannel(user.id)) continue;
      if (message && m.ts !== message.messageId) continue;
      candidates.push({
        blocks: m.blocks,
        ts: m.ts,
        channel: m.channel,
        ephemeral: m.ephemeralFor !== undefined,
      });
    }
    if (!message) {
      for (const p of privateRaw(user.id).reverse()) {
        candidates.push({
          blocks: p.body.blocks,
          ts: '1700000000.000001',
          channel: CHANNEL,
          ephemeral: true,
          url: p.url,
        });
      }
    }
    for (const c of candidates) {
      for (const block of (Array.isArray(c.blocks) ? c.blocks : []) as Block[]) {
        for (const e of block.elements ?? []) {
          const hit = e.value === encoded || e.action_id === `iv.s|${encoded}`;
          if (hit && e.action_id) {
            return {
              actionId: e.action_id,
              ...(block.block_id ? { blockId: block.block_id } : {}),
              ...(e.value ? { value: e.value } : {}),
              ts: c.ts,
              channel: c.channel,
              ephemeral: c.ephemeral,
            };
          }
        }
      }
    }
    throw new Error(`no control ${encoded} visible to ${user.name}`);
  };

  const press = (user: ContractUser, control: ControlTarget, value?: string, message?: MessageRef) => {
    const at = locate(user, control, message);
    const common = {
      ...who(user),
      actionId: at.actionId,
      ...(at.blockId ? { blockId: at.blockId } : {}),
      channelId: at.channel,
      messageTs: at.ts,
      isEphemeral: at.ephemeral,
    };
    const body =
      value === undefined
        ? fake.blockAction({ ...common, ...(at.value ? { value: at.value } : {}) })
        : fake.staticSelectAction({ ...common, selectedValue: value });
    return send(body, user.id);
  };

  const submit = (user: ContractUser, form: OpenedForm, values: Record<string, string>) => {
    const metadata = openedMeta.get(form) ?? JSON.stringify({ f: form.form, s: form.state, c: CHANNEL });
    const fields = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { v }]));
    return send(
      fake.viewSubmission({ callbackId: 'iv.form', privateMetadata: metadata, values: fields, ...who(user) }),
      user.id,
    );
  };

  const driver: SlackDriver = {
    platform,
    fake,
    http,
    url,
    place: { workspaceId: team, channelId: CHANNEL },
    send,
    slash,
    submit,
    press,
    privateRaw: (userId) => privateRaw(userId),
    start: (dispatcher: Dispatcher) => platform.start(dispatcher),
    async stop() {
      await platform.stop();
      await http?.close();
      await fake.close();
    },
    async command(user, command, args = {}) {
      const [name = '', sub] = command.split(' ');
      const parts = Object.entries(args).map(([k, v]) => `${k}:"${String(v)}"`);
      await slash(user, `/${name}`, [sub, ...parts].filter(Boolean).join(' '));
    },
    async click(user, control, message) {
      await press(user, control, undefined, message);
    },
    async select(user, control, value, message) {
      await press(user, control, value, message);
    },
    async submitForm(user, form, values) {
      const answer = await submit(user, form, values);
      const ack = ('json' in answer ? answer.json : answer.payload) as {
        response_action?: string;
        errors?: Record<string, string>;
        view?: { blocks: Block[] };
      } | null;
      if (ack?.response_action === 'errors') {
        return { keptOpen: true, fieldErrors: ack.errors ?? {}, general: '' };
      }
      if (ack?.response_action === 'update' && ack.view) {
        const fieldErrors: Record<string, string> = {};
        let general = '';
        for (const block of ack.view.blocks as SlackBlock[]) {
          const id = String(block.block_id ?? '');
          if (block.type === 'context' && id.endsWith('.error'))
            fieldErrors[id.slice(0, -'.error'.length)] = block.elements?.[0]?.text ?? '';
          if (block.type === 'section') general = block.text?.text ?? '';
        }
        return { keptOpen: true, fieldErrors, general };
      }
      return { keptOpen: false, fieldErrors: {}, general: '' };
    },
    async autocomplete(user, command, option, partial) {
      const payload = {
        type: 'block_suggestion',
        user: { id: user.id, name: user.name.toLowerCase(), team_id: team },
        team: { id: team, domain: fake.identity.teamDomain },
        api_app_id: fake.identity.appId,
        token: 'fake-verification-token',
        action_id: `iv.ac|${command}|${option}`,
        block_id: `iv|${CHANNEL}|0`,
        value: partial,
        container: { type: 'message', channel_id: CHANNEL, is_ephemeral: true },
        channel: { id: CHANNEL, name: '4e-b' },
      };
      const body: SlackRequestBody = {
        contentType: 'application/x-www-form-urlencoded',
        rawBody: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        payload,
      };
      const answer = await send(body);
      const json = ('json' in answer ? answer.json : answer.payload) as {
        options?: { text: { text: string }; value: string }[];
      };
      return (json?.options ?? []).map((o) => ({ value: o.value, label: o.text.text }));
    },
    async channelMessages() {
      return fake
        .messagesIn(CHANNEL)
        .filter((m) => m.ephemeralFor === undefined)
        .map((m) => observe(refOf(m), m.blocks, m.text));
    },
    async privateMessagesTo(userId) {
      return privateRaw(userId).map((p, i) =>
        observe(
          { platform: 'slack', channelId: CHANNEL, messageId: `private-${i}` },
          p.body.blocks,
          String(p.body.text ?? ''),
        ),
      );
    },
    async directMessagesTo(userId) {
      const channel = dmChannel(userId);
      return channel ? fake.messagesIn(channel).map((m) => observe(refOf(m), m.blocks, m.text)) : [];
    },
    async formsOpenedFor(userId) {
      const forms: OpenedForm[] = [];
      for (const call of fake.callsTo('views.open')) {
        if (!call.response.ok || owners.get(String(call.args.trigger_id)) !== userId) continue;
        const view = call.args.view as { private_metadata: string; blocks: Block[] };
        const meta = JSON.parse(view.private_metadata) as { f: string; s: string[] };
        const opened: OpenedForm = {
          form: meta.f,
          state: meta.s,
          fields: view.blocks.filter((b) => b.type === 'input').map((b) => String(b.block_id)),
          values: Object.fromEntries(
            (view.blocks as SlackBlock[]).flatMap((b) =>
              b.type === 'input' && b.element?.initial_value
                ? [[String(b.block_id), b.element.initial_value]]
                : [],
            ),
          ),
        };
        openedMeta.set(opened, view.private_metadata);
        forms.push(opened);
      }
      return forms;
    },
    async closeDms(userId) {
      const user = fake.state.users.get(userId);
      if (user) user.dmError = 'messages_tab_disabled';
    },
    async directAttempts(userId) {
      const channel = dmChannel(userId);
      return fake
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === channel || c.args.channel === userId).length;
    },
  };
  return driver;
}
