// A neutral Card as a Discord message: one embed (title, link, text, fields, image, footer, a colour
// for the tone) and action rows. Discord renders the core's markup (**bold**, _italic_ and
// [label](url)) natively in embed descriptions and field values, so text passes through as is.
import type { Card } from '../../core/card.ts';
import { type ApiRow, renderControls } from './components.ts';
import type { CustomIdStore } from './custom-ids.ts';
import { clip, LIMITS, nonEmpty } from './limits.ts';

/** An embed, as Discord's API takes it. */
export interface ApiEmbed {
  title?: string;
  url?: string;
  description?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  image?: { url: string };
  footer?: { text: string };
}

/** A file to upload with the message. */
export interface ApiFile {
  name: string;
  data: Buffer;
}

/** A message body for Discord's REST API (create or edit), with its files. */
export interface RenderedMessage {
  content: string;
  embeds: ApiEmbed[];
  components: ApiRow[];
  /** Attachments the message keeps: the uploaded image, by index, or none (clears old ones on edit). */
  attachments: { id: number; filename: string; description?: string }[];
  files: ApiFile[];
}

/** Discord's own palette, so cards look at home. */
const COLORS = { info: 0x5865f2, success: 0x57f287, warning: 0xfee75c, error: 0xed4245 } as const;

function isWebUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** A file name Discord accepts in `attachment://` references. */
function safeFilename(name: string): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, '-')
      .replace(/^-+/, '') || 'image';
  return base.endsWith('.png') ? base : `${base}.png`;
}

/** Whether a card is a plain line of text, better shown as a message than as a coloured box. */
function isPlain(card: Card): boolean {
  return (
    !card.title &&
    !card.tone &&
    !card.fields?.length &&
    !card.image &&
    !card.footer &&
    (card.text ?? '').length <= LIMITS.content
  );
}

/** A card as a Discord message body, within Discord's limits. */
export function renderCard(card: Card, ids: CustomIdStore): RenderedMessage {
  const { rows, overflowLinks } = renderControls(card.controls, ids);
  const extra = overflowLinks.map((l) => `[${l.label}](${l.url})`).join(' · ');
  const text = [card.text ?? '', extra].filter(Boolean).join('\n\n');
  const files: ApiFile[] = [];
  const attachments: RenderedMessage['attachments'] = [];
  if (isPlain(card) && !extra) {
    return { content: text || '\u200b', embeds: [], components: rows, attachments, files };
  }
  const embed: ApiEmbed = {};
  if (card.title) embed.title = clip(card.title, LIMITS.embedTitle);
  if (card.title && isWebUrl(card.url)) embed.url = card.url;
  if (card.tone) embed.color = COLORS[card.tone];
  if (card.footer) embed.footer = { text: clip(card.footer, LIMITS.footer) };
  if (card.image) {
    const filename = safeFilename(card.image.filename);
    files.push({ name: filename, data: Buffer.from(card.image.png) });
    attachments.push({
      id: 0,
      filename,
      ...(card.image.alt ? { description: clip(card.image.alt, 1024) } : {}),
    });
    embed.image = { url: `attachment://${filename}` };
  }
  // The whole embed must stay under 6000 characters: title and footer first, then the text, then
  // the fields in order, cut (then dropped) when the budget runs out.
  let room = LIMITS.embedTotal - (embed.title?.length ?? 0) - (embed.footer?.text.length ?? 0);
  if (text) {
    embed.description = clip(text, Math.min(LIMITS.embedDescription, room));
    room -= embed.description.length;
  }
  const fields: NonNullable<ApiEmbed['fields']> = [];
  for (const f of (card.fields ?? []).slice(0, LIMITS.embedFields)) {
    const name = nonEmpty(f.label, LIMITS.fieldName);
    const space = Math.min(LIMITS.fieldValue, room - name.length);
    if (space < 2) break;
    const value = nonEmpty(f.value, space);
    fields.push({ name, value, ...(f.inline ? { inline: true } : {}) });
    room -= name.length + value.length;
  }
  if (fields.length > 0) embed.fields = fields;
  if (!embed.title && !embed.description && !embed.fields && !embed.image) embed.description = '\u200b';
  return { content: '', embeds: [embed], components: rows, attachments, files };
}

/** The message body of a create or edit call, without the files (sent apart as multipart). */
export function messageBody(message: RenderedMessage): Record<string, unknown> {
  return {
    content: message.content,
    embeds: message.embeds,
    components: message.components,
    attachments: message.attachments,
    // Text typed by students ends up in cards: it must never ping @everyone or a role.
    allowed_mentions: { parse: [] },
  };
}
