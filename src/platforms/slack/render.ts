// A Card as a Slack message: Block Kit blocks (header, sections, fields, actions, context) plus
// the plain `text` Slack shows in notifications and screen readers. Limits are applied here, so a
// long card is cut rather than refused by Slack with `invalid_blocks`.
import type { types } from '@slack/bolt';
import type { Card } from '../../core/card.ts';
import { blockIdFor, rowElements } from './controls.ts';
import { clip, toMrkdwn, toPlain } from './mrkdwn.ts';

/** A message body for chat.postMessage, chat.update, chat.postEphemeral and response URLs. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

/** Rendering options. */
export interface RenderOptions {
  /** The class channel, written into the actions blocks' ids (see controls.ts). */
  channelId?: string;
  /**
   * Say in words that a chart goes with the card, where it cannot be attached (an ephemeral
   * message or a response URL: the chart itself follows in the DM).
   */
  describeImage?: boolean;
}

const BLOCKS_MAX = 50;
const SECTION_TEXT_MAX = 3000;
const FIELD_MAX = 2000;
const FIELDS_PER_SECTION = 10;
const HEADER_MAX = 150;
const FALLBACK_MAX = 3000;

const toneEmoji: Record<NonNullable<Card['tone']>, string> = {
  info: '',
  success: '✅',
  warning: '⚠️',
  error: '❌',
};

/** A card as Block Kit. */
export function renderCard(card: Card, options: RenderOptions = {}): SlackMessage {
  const blocks: types.KnownBlock[] = [];
  const emoji = card.tone ? toneEmoji[card.tone] : '';
  const title = card.title ? withEmoji(emoji, card.title) : undefined;
  if (title) {
    blocks.push({
      type: 'header',
      text: { type: 'plain_text', text: clip(toPlain(title), HEADER_MAX), emoji: true },
    });
  }
  // A header cannot be a link: the card's link goes under it, unless a button already opens it.
  const linked = (card.controls ?? []).flat().some((c) => c.kind === 'link' && c.url === card.url);
  if (card.url && !linked) blocks.push(context(`🔗 <${safeUrl(card.url)}>`));
  if (card.text) {
    const text = title ? card.text : withEmoji(emoji, card.text);
    for (const chunk of chunks(toMrkdwn(text), SECTION_TEXT_MAX)) blocks.push(section(chunk));
  }
  blocks.push(...fieldBlocks(card.fields ?? []));
  if (card.image && options.describeImage) {
    blocks.push(context(`📊 ${toMrkdwn(card.image.alt)}`));
  }
  (card.controls ?? []).forEach((row, n) => {
    const elements = rowElements(row);
    if (elements.length > 0)
      blocks.push({ type: 'actions', block_id: blockIdFor(options.channelId, n), elements });
  });
  if (card.footer) blocks.push(context(toMrkdwn(card.footer)));
  return { text: fallbackText(card, emoji), blocks: withinLimit(blocks) };
}

/** The notification text: title and text, as mrkdwn (Slack renders it when blocks cannot be). */
export function fallbackText(card: Card, emoji = ''): string {
  const parts = [card.title, card.text].filter((p): p is string => Boolean(p));
  if (parts.length === 0 && card.fields?.[0]) parts.push(`${card.fields[0].label}: ${card.fields[0].value}`);
  return clip(toMrkdwn(withEmoji(emoji, parts.join('\n'))), FALLBACK_MAX) || '…';
}

function fieldBlocks(fields: NonNullable<Card['fields']>): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [];
  let inline: types.MrkdwnElement[] = [];
  const flush = () => {
    if (inline.length > 0) blocks.push({ type: 'section', fields: inline });
    inline = [];
  };
  for (const field of fields) {
    const text = `*${toMrkdwn(field.label)}*\n${toMrkdwn(field.value)}`;
    if (field.inline) {
      inline.push({ type: 'mrkdwn', text: clip(text, FIELD_MAX) });
      if (inline.length === FIELDS_PER_SECTION) flush();
    } else {
      flush();
      blocks.push(section(clip(text, SECTION_TEXT_MAX)));
    }
  }
  flush();
  return blocks;
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(text: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, SECTION_TEXT_MAX) }] };
}

function withEmoji(emoji: string, text: string): string {
  // Texts that already start with an emoji (✅ Right!) keep theirs.
  if (!emoji || /^\p{Extended_Pictographic}/u.test(text.trim())) return text;
  return `${emoji} ${text}`;
}

function safeUrl(url: string): string {
  return url.replaceAll('|', '%7C').replaceAll('>', '%3E').replaceAll('<', '%3C');
}

/** Splits long text at line breaks so each piece fits a section. */
function chunks(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current) out.push(current);
    current = clip(line, max);
  }
  if (current) out.push(current);
  return out;
}

/** Slack refuses more than 50 blocks: keep the first ones and the actions, which matter most. */
function withinLimit(blocks: types.KnownBlock[]): types.KnownBlock[] {
  if (blocks.length <= BLOCKS_MAX) return blocks;
  const actions = blocks.filter((b) => b.type === 'actions').slice(0, BLOCKS_MAX - 1);
  const others = blocks.filter((b) => b.type !== 'actions').slice(0, BLOCKS_MAX - actions.length);
  return [...others, ...actions];
}
