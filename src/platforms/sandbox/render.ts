// Card -> what the sandbox page draws. Text in the cards' small markup becomes escaped HTML here,
// once, on the server; every other string travels as plain text the page sets with textContent.
import type { Card, CardControl } from '../../core/card.ts';
import { escapeHtml } from '../../core/escape-html.ts';

/** A control as the page draws it. Link and image addresses are already checked. */
export type ControlView =
  | { kind: 'button'; action: string; args: string[]; label: string; style: string }
  | { kind: 'link'; url: string; label: string }
  | {
      kind: 'select';
      action: string;
      args: string[];
      placeholder: string;
      options: { value: string; label: string }[];
    };

/** A card as the page draws it: `*Html` fields are safe HTML, everything else plain text. */
export interface CardView {
  title?: string;
  url?: string;
  html?: string;
  fields?: { label: string; html: string; inline: boolean }[];
  controls?: ControlView[][];
  image?: { src: string; alt: string };
  footerHtml?: string;
  tone?: NonNullable<Card['tone']>;
}

/** The address if it is an absolute http(s) URL, else null (no javascript:, data:, relative paths). */
export function safeUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const linkPattern = /\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>"')\]]+)/g;
const placeholder = /\uE000(\d+)\uE000/g;

const fence = /```[^\n`]*\n?([\s\S]*?)\n?```/g;

/**
 * The cards' markup as safe HTML: `**bold**`, `_italic_`, `[label](https://url)`, bare http(s)
 * addresses, line breaks, and ``` blocks (a CSV, an export) as preformatted text, untouched.
 * Everything else is escaped; links to other schemes stay plain text.
 */
export function markupToHtml(text: string): string {
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(fence)) {
    parts.push(proseToHtml(text.slice(last, match.index)).replace(/(<br>)+$/, ''));
    parts.push(`<pre class="code"><code>${escapeHtml(match[1] ?? '')}</code></pre>`);
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(proseToHtml(text.slice(last)).replace(/^(<br>)+/, last > 0 ? '' : '$&'));
  return parts.join('');
}

function proseToHtml(text: string): string {
  const links: string[] = [];
  // Links are cut out first so that underscores and stars inside addresses are left alone.
  const marked = text.replace(/\uE000/g, '').replace(linkPattern, (whole, label, href, bare) => {
    let url = safeUrl(href ?? bare);
    let trailing = '';
    if (bare && url) {
      // A sentence often ends right after an address: keep its punctuation out of the link.
      const cut = /[.,;:!?]+$/.exec(bare)?.[0] ?? '';
      trailing = escapeHtml(cut);
      url = safeUrl(bare.slice(0, bare.length - cut.length));
    }
    if (!url) return escapeHtml(whole);
    const inner = label === undefined ? escapeHtml(url) : inline(escapeHtml(label));
    links.push(
      `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${inner}</a>${trailing}`,
    );
    return `\uE000${links.length - 1}\uE000`;
  });
  return inline(escapeHtml(marked))
    .replace(/\r?\n/g, '<br>')
    .replace(placeholder, (_, i) => links[Number(i)] ?? '');
}

/** Bold and italic on text that is already escaped (the tags added are the only markup). */
function inline(escaped: string): string {
  return escaped
    .replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, '$1<em>$2</em>');
}

/** A Card as JSON the page can draw without ever parsing markup itself. */
export function cardToView(card: Card): CardView {
  const view: CardView = {};
  if (card.title) view.title = card.title;
  const url = safeUrl(card.url);
  if (url) view.url = url;
  if (card.text) view.html = markupToHtml(card.text);
  if (card.fields?.length) {
    view.fields = card.fields.map((f) => ({
      label: f.label,
      html: markupToHtml(f.value),
      inline: f.inline ?? false,
    }));
  }
  const rows = (card.controls ?? [])
    .map((row) => row.map(controlView).filter((c): c is ControlView => c !== null))
    .filter((row) => row.length > 0);
  if (rows.length) view.controls = rows;
  if (card.image) {
    view.image = {
      src: `data:image/png;base64,${Buffer.from(card.image.png).toString('base64')}`,
      alt: card.image.alt,
    };
  }
  if (card.footer) view.footerHtml = markupToHtml(card.footer);
  if (card.tone) view.tone = card.tone;
  return view;
}

function controlView(control: CardControl): ControlView | null {
  switch (control.kind) {
    case 'button':
      return {
        kind: 'button',
        action: control.action,
        args: control.args,
        label: control.label,
        style: control.style ?? 'secondary',
      };
    case 'link': {
      const url = safeUrl(control.url);
      return url ? { kind: 'link', url, label: control.label } : null;
    }
    case 'select':
      return {
        kind: 'select',
        action: control.action,
        args: control.args,
        placeholder: control.placeholder,
        options: control.options,
      };
  }
}

/** Whether a card carries this control, so a page cannot press buttons a message never had. */
export function cardHasControl(card: Card, action: string, args: string[], value?: string): boolean {
  const sameArgs = (a: string[]): boolean => a.length === args.length && a.every((x, i) => x === args[i]);
  return (card.controls ?? []).some((row) =>
    row.some((c) => {
      if (c.kind === 'button') return c.action === action && sameArgs(c.args);
      if (c.kind === 'select') {
        return c.action === action && sameArgs(c.args) && c.options.some((o) => o.value === value);
      }
      return false;
    }),
  );
}
