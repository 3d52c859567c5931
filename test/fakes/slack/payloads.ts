// Builders of what Slack sends to an app: slash commands (form fields), interactive payloads
// (form field `payload=<json>`) and Events API callbacks (JSON). Each result works both for a signed
// HTTP request (rawBody) and for a Socket Mode envelope (payload).
import { randomBytes } from 'node:crypto';
import { defaultIdentity } from './state.ts';

/** Workspace fields every payload carries; FakeSlack's bound builders fill them in. */
export interface PayloadContext {
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  /** The legacy verification token Slack still puts in payloads. */
  verificationToken?: string;
}

/** A request body ready to sign, plus the same data as an object for Socket Mode. */
export interface SlackRequestBody {
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
  rawBody: string;
  payload: Record<string, unknown>;
  /** The payload's response_url, when it has one. */
  responseUrl?: string;
}

/** Who triggered an interaction. */
interface Actor {
  userId: string;
  userName?: string;
}

/** Options of {@link slashCommand}. */
export interface SlashCommandOptions extends PayloadContext, Actor {
  command: string;
  text?: string;
  channelId: string;
  channelName?: string;
  triggerId?: string;
  responseUrl?: string;
}

/** A value of `view.state.values[blockId][actionId]`. */
export type ViewStateValue = { type: string; value?: string | null } & Record<string, unknown>;

/** `view.state.values`; a bare string is shorthand for a plain_text_input value. */
export type ViewStateValues = Record<string, Record<string, ViewStateValue | string>>;

/** Options shared by {@link blockAction} and {@link staticSelectAction}. */
export interface ActionOptions extends PayloadContext, Actor {
  actionId: string;
  blockId?: string;
  channelId?: string;
  channelName?: string;
  /** The message holding the clicked element; defaults to a fresh ts. */
  messageTs?: string;
  messageText?: string;
  messageBlocks?: unknown[];
  /** Ephemeral messages come without a `message` object, like on Slack. */
  isEphemeral?: boolean;
  triggerId?: string;
  responseUrl?: string;
  /** Set when the element sits in a modal or App Home rather than a message. */
  view?: { id: string; type?: 'modal' | 'home'; callbackId?: string; privateMetadata?: string };
  stateValues?: ViewStateValues;
}

/** Options of {@link blockAction} (a button click). */
export interface BlockActionOptions extends ActionOptions {
  value?: string;
  /** The button's label. */
  text?: string;
}

/** Options of {@link staticSelectAction}. */
export interface StaticSelectOptions extends ActionOptions {
  selectedValue: string;
  selectedText?: string;
}

/** Options of {@link viewSubmission}. */
export interface ViewSubmissionOptions extends PayloadContext, Actor {
  callbackId: string;
  privateMetadata?: string;
  values: ViewStateValues;
  viewId?: string;
  externalId?: string;
  title?: string;
  triggerId?: string;
}

/** Options of {@link eventCallback}. */
export interface EventCallbackOptions extends PayloadContext {
  event: Record<string, unknown> & { type: string };
  /** The bot user the event is authorized for (Bolt's ignoreSelf compares with it). */
  botUserId?: string;
  eventId?: string;
}

const defaults = {
  teamId: defaultIdentity.teamId,
  teamDomain: defaultIdentity.teamDomain,
  apiAppId: defaultIdentity.appId,
};
const verification = (o: PayloadContext) => o.verificationToken ?? 'fake-verification-token';
const nowTs = () => (Date.now() / 1000).toFixed(6);

/** A trigger id shaped like Slack's: `<digits>.<digits>.<hex>`. */
export function newTriggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomBytes(16).toString('hex')}`;
}

function form(fields: Record<string, string>, responseUrl?: string): SlackRequestBody {
  return {
    contentType: 'application/x-www-form-urlencoded',
    rawBody: new URLSearchParams(fields).toString(),
    payload: fields,
    ...(responseUrl ? { responseUrl } : {}),
  };
}

function interactive(payload: Record<string, unknown>, responseUrl?: string): SlackRequestBody {
  return { ...form({ payload: JSON.stringify(payload) }, responseUrl), payload };
}

function user(o: Actor & PayloadContext): Record<string, unknown> {
  const name = o.userName ?? o.userId.toLowerCase();
  return { id: o.userId, username: name, name, team_id: o.teamId ?? defaults.teamId };
}

function team(o: PayloadContext): Record<string, unknown> {
  return { id: o.teamId ?? defaults.teamId, domain: o.teamDomain ?? defaults.teamDomain };
}

function stateValues(values: ViewStateValues = {}): Record<string, Record<string, ViewStateValue>> {
  const out: Record<string, Record<string, ViewStateValue>> = {};
  for (const [blockId, actions] of Object.entries(values)) {
    const inner: Record<string, ViewStateValue> = {};
    for (const [actionId, v] of Object.entries(actions)) {
      inner[actionId] = typeof v === 'string' ? { type: 'plain_text_input', value: v } : v;
    }
    out[blockId] = inner;
  }
  return out;
}

/** A slash command, sent by Slack as form fields (all strings). */
export function slashCommand(o: SlashCommandOptions): SlackRequestBody {
  const responseUrl = o.responseUrl ?? `https://hooks.slack.com/commands/${defaults.teamId}/1/fake`;
  return form(
    {
      token: verification(o),
      team_id: o.teamId ?? defaults.teamId,
      team_domain: o.teamDomain ?? defaults.teamDomain,
      channel_id: o.channelId,
      channel_name: o.channelName ?? o.channelId.toLowerCase(),
      user_id: o.userId,
      user_name: o.userName ?? o.userId.toLowerCase(),
      command: o.command,
      text: o.text ?? '',
      api_app_id: o.apiAppId ?? defaults.apiAppId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: o.triggerId ?? newTriggerId(),
    },
    responseUrl,
  );
}

function actionPayload(o: ActionOptions, action: Record<string, unknown>): SlackRequestBody {
  const messageTs = o.messageTs ?? nowTs();
  const inView = o.view !== undefined;
  const responseUrl = inView ? undefined : (o.responseUrl ?? 'https://hooks.slack.com/actions/T/1/fake');
  const container = inView
    ? { type: 'view', view_id: o.view?.id }
    : {
        type: 'message',
        message_ts: messageTs,
        channel_id: o.channelId,
        is_ephemeral: o.isEphemeral ?? false,
      };
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: user(o),
    api_app_id: o.apiAppId ?? defaults.apiAppId,
    token: verification(o),
    container,
    trigger_id: o.triggerId ?? newTriggerId(),
    team: team(o),
    enterprise: null,
    is_enterprise_install: false,
    ...(o.channelId
      ? { channel: { id: o.channelId, name: o.channelName ?? o.channelId.toLowerCase() } }
      : {}),
    ...(inView
      ? {
          view: {
            id: o.view?.id,
            type: o.view?.type ?? 'modal',
            callback_id: o.view?.callbackId ?? '',
            private_metadata: o.view?.privateMetadata ?? '',
            state: { values: stateValues(o.stateValues) },
          },
        }
      : { state: { values: stateValues(o.stateValues) } }),
    ...(!inView && !o.isEphemeral
      ? {
          message: {
            type: 'message',
            ts: messageTs,
            text: o.messageText ?? '',
            blocks: o.messageBlocks ?? [],
          },
        }
      : {}),
    ...(responseUrl ? { response_url: responseUrl } : {}),
    actions: [{ action_id: o.actionId, block_id: o.blockId ?? 'block', action_ts: nowTs(), ...action }],
  };
  return interactive(payload, responseUrl);
}

/** A button click (`block_actions` with one `button` action). */
export function blockAction(o: BlockActionOptions): SlackRequestBody {
  return actionPayload(o, {
    type: 'button',
    text: { type: 'plain_text', text: o.text ?? o.actionId, emoji: true },
    ...(o.value !== undefined ? { value: o.value } : {}),
  });
}

/** A choice in a static_select menu (`block_actions` with `selected_option`). */
export function staticSelectAction(o: StaticSelectOptions): SlackRequestBody {
  const text = { type: 'plain_text', text: o.selectedText ?? o.selectedValue, emoji: true };
  return actionPayload(o, { type: 'static_select', selected_option: { text, value: o.selectedValue } });
}

/** A modal submitted by the user (`view_submission`). */
export function viewSubmission(o: ViewSubmissionOptions): SlackRequestBody {
  const teamId = o.teamId ?? defaults.teamId;
  const viewId = o.viewId ?? `VFK${randomBytes(4).toString('hex').toUpperCase()}`;
  const view = {
    id: viewId,
    team_id: teamId,
    type: 'modal',
    blocks: [],
    private_metadata: o.privateMetadata ?? '',
    callback_id: o.callbackId,
    state: { values: stateValues(o.values) },
    hash: `${nowTs()}.fakehash`,
    title: { type: 'plain_text', text: o.title ?? 'Modal', emoji: true },
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: { type: 'plain_text', text: 'Submit', emoji: true },
    previous_view_id: null,
    root_view_id: viewId,
    app_id: o.apiAppId ?? defaults.apiAppId,
    external_id: o.externalId ?? '',
    app_installed_team_id: teamId,
    bot_id: defaultIdentity.botId,
  };
  return interactive({
    type: 'view_submission',
    team: team(o),
    user: user(o),
    api_app_id: o.apiAppId ?? defaults.apiAppId,
    token: verification(o),
    trigger_id: o.triggerId ?? newTriggerId(),
    view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
}

/** An Events API `event_callback` (JSON), e.g. app_home_opened or message. */
export function eventCallback(o: EventCallbackOptions): SlackRequestBody {
  const teamId = o.teamId ?? defaults.teamId;
  const payload = {
    token: verification(o),
    team_id: teamId,
    context_team_id: teamId,
    api_app_id: o.apiAppId ?? defaults.apiAppId,
    event: { event_ts: nowTs(), ...o.event },
    type: 'event_callback',
    event_id: o.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: o.botUserId ?? defaultIdentity.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
  return { contentType: 'application/json', rawBody: JSON.stringify(payload), payload };
}
