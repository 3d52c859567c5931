// Text in both directions. Outbound: the Card markup (`**bold**`, `_italic_`, `[label](url)`) to
// Slack mrkdwn, escaping `&`, `<` and `>` so that what a student typed can never become a mention
// such as <!channel>. Inbound: Slack's escaped command text (`<@U1|name>`, `<https://…>`, `&lt;`)
// back to what the person typed.

/** Escapes the three characters Slack reserves for its control sequences. */
export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const LINK = /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g;

/** Card markup to mrkdwn. Links become `<url|label>`; everything else is escaped first. */
export function toMrkdwn(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    out += inline(text.slice(last, m.index));
    // In a link, `|` and `>` would end the label or the URL early: they are escaped or dropped.
    const label = inline(m[1] ?? '').replaceAll('|', '∣');
    const url = (m[2] ?? '').replaceAll('|', '%7C').replaceAll('>', '%3E').replaceAll('<', '%3C');
    out += `<${url}|${label}>`;
    last = (m.index ?? 0) + m[0].length;
  }
  return out + inline(text.slice(last));
}

function inline(text: string): string {
  // `**bold**` is Markdown; Slack's bold is a single star. `_italic_` is the same in both.
  return escapeSlack(text).replace(/\*\*(.+?)\*\*/g, '*$1*');
}

/** Card markup to plain text (header blocks, notification text, button labels). */
export function toPlain(text: string): string {
  return text.replace(LINK, '$1 ($2)').replace(/\*\*(.+?)\*\*/g, '$1');
}

/** Cuts text to a Block Kit limit, ending with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Users mentioned in command text, by id, with the name Slack showed (when it gave one). */
export type Mentions = Map<string, string | undefined>;

/**
 * Command text as Slack sends it (escaping on) to what the person typed. Mentions keep a compact
 * `<@U123>` form, one word, so the argument parser keeps each in one piece; `mentions` collects
 * their names to put back into free text. Entities are decoded last, so a typed `&lt;` stays text.
 */
export function unescapeCommandText(text: string, mentions: Mentions = new Map()): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_all, id: string, name?: string) => {
      mentions.set(id, name || mentions.get(id));
      return `<@${id}>`;
    })
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_all, name?: string) => name ?? '@group')
    .replace(/<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>/g, '$1')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** A user id out of `<@U123>`, `<@U123|name>` or a bare `U123`; undefined for anything else. */
export function mentionedUserId(value: string): string | undefined {
  const m =
    /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(value.trim()) ?? /^([UW][A-Z0-9]{2,})$/.exec(value.trim());
  return m?.[1];
}

/** Puts names back in free text: `<@U123>` becomes `@alice` (or `@U123` when Slack gave no name). */
export function restoreMentions(text: string, mentions: Mentions): string {
  return text.replace(/<@([UW][A-Z0-9]+)>/g, (_all, id: string) => `@${mentions.get(id) ?? id}`);
}

/** A Slack date token: shown in each reader's own time zone and language, with a plain fallback. */
export function slackDate(date: Date, format = '{date_short_pretty} {time}'): string {
  const seconds = Math.floor(date.getTime() / 1000);
  const fallback = date.toISOString().slice(0, 16).replace('T', ' ');
  return `<!date^${seconds}^${format}|${fallback} UTC>`;
}
