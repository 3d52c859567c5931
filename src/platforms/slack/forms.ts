// Core forms as Slack modals. The form id, its state (e.g. a capsule id), the class channel and
// the command's response URL travel in `private_metadata`, because a view_submission carries no
// channel: that is how the answer finds its class and its way back to the person.
import type { types } from '@slack/bolt';
import type { FormRequest, FormSpec } from '../../core/commands.ts';
import type { Translate } from '../../core/i18n-types.ts';
import { clip } from './mrkdwn.ts';

/** Callback id of every Inverso modal (Bolt routes view_submission on it). */
export const FORM_CALLBACK = 'iv.form';
/** Action id of the single input of each block; the block id is the field id. */
export const INPUT_ACTION = 'v';

/** What a modal remembers until it is submitted. */
export interface FormMetadata {
  form: string;
  state: string[];
  channelId?: string;
  responseUrl?: string;
}

const METADATA_MAX = 3000;
const TITLE_MAX = 24;
const INPUT_MAX = 3000;

export function encodeMetadata(meta: FormMetadata): string {
  const compact = { f: meta.form, s: meta.state, c: meta.channelId, r: meta.responseUrl };
  const json = JSON.stringify(compact);
  // A response URL is a convenience: drop it rather than fail when the state is large.
  return json.length <= METADATA_MAX ? json : JSON.stringify({ ...compact, r: undefined });
}

export function decodeMetadata(raw: string | undefined): FormMetadata | null {
  try {
    const parsed = JSON.parse(raw ?? '') as { f?: unknown; s?: unknown; c?: unknown; r?: unknown };
    if (typeof parsed.f !== 'string' || !Array.isArray(parsed.s)) return null;
    const meta: FormMetadata = { form: parsed.f, state: parsed.s.map(String) };
    if (typeof parsed.c === 'string' && parsed.c) meta.channelId = parsed.c;
    if (typeof parsed.r === 'string' && parsed.r) meta.responseUrl = parsed.r;
    return meta;
  } catch {
    return null;
  }
}

/** Options of {@link formView}. */
export interface FormViewOptions {
  t: Translate;
  metadata: FormMetadata;
  values?: Record<string, string>;
  /** A problem to show above the fields (an unknown capsule), keeping the modal open. */
  error?: string;
  /** Problems shown under their field (when the modal is replaced, Slack's own field errors are not available). */
  fieldErrors?: Record<string, string[]>;
}

/** A form as a modal, with values filled in (prefilled or as the person typed them). */
export function formView(
  spec: Pick<FormSpec, 'id' | 'titleKey' | 'fields'>,
  o: FormViewOptions,
): types.ModalView {
  const blocks: types.KnownBlock[] = [];
  if (o.error) {
    blocks.push({
      type: 'section',
      text: { type: 'plain_text', text: clip(`❌ ${o.error}`, 3000), emoji: true },
    });
  }
  for (const field of spec.fields) {
    const element: types.PlainTextInput = {
      type: 'plain_text_input',
      action_id: INPUT_ACTION,
      multiline: field.style === 'paragraph',
      // Slack caps inputs at 3,000 characters, below some of our forms' own limits.
      max_length: Math.min(field.maxLength ?? INPUT_MAX, INPUT_MAX),
    };
    const initial = o.values?.[field.id];
    if (initial) element.initial_value = initial.slice(0, element.max_length);
    if (field.placeholderKey) {
      element.placeholder = { type: 'plain_text', text: clip(o.t(field.placeholderKey), 150) };
    }
    blocks.push({
      type: 'input',
      block_id: field.id,
      optional: !field.required,
      label: { type: 'plain_text', text: clip(o.t(field.labelKey), 2000) },
      element,
    });
    const problems = o.fieldErrors?.[field.id];
    if (problems?.length) {
      blocks.push({
        type: 'context',
        block_id: `${field.id}.error`,
        elements: [{ type: 'plain_text', text: clip(`❌ ${problems.join(' ')}`, 2000), emoji: true }],
      });
    }
  }
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    private_metadata: encodeMetadata(o.metadata),
    title: { type: 'plain_text', text: clip(o.t(spec.titleKey), TITLE_MAX) },
    submit: { type: 'plain_text', text: clip(o.t('common:slack.form.submit'), TITLE_MAX) },
    close: { type: 'plain_text', text: clip(o.t('common:slack.form.cancel'), TITLE_MAX) },
    blocks,
  };
}

/** The submitted state as `view.state.values` gives it. */
export type ViewValues = Record<string, Record<string, { value?: string | null } | undefined>>;

/** The typed values by field id; absent fields come back as ''. */
export function readValues(spec: Pick<FormSpec, 'fields'>, values: ViewValues): Record<string, string> {
  return Object.fromEntries(spec.fields.map((f) => [f.id, values[f.id]?.[INPUT_ACTION]?.value ?? '']));
}

/** A form request as the metadata of its modal. */
export function metadataFor(request: FormRequest, channelId?: string, responseUrl?: string): FormMetadata {
  const meta: FormMetadata = { form: request.form, state: request.state ?? [] };
  if (channelId) meta.channelId = channelId;
  if (responseUrl) meta.responseUrl = responseUrl;
  return meta;
}
