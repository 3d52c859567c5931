// A Card is a platform-neutral message. Platforms render it (Discord embed + components, Slack
// Block Kit, sandbox HTML); services only ever build Cards.

/** A button on a card. `action` is an action id such as `quiz.answer` and `args` its arguments. */
export interface CardButton {
  kind: 'button';
  action: string;
  args: string[];
  label: string;
  style?: 'primary' | 'secondary' | 'success' | 'danger';
}

/** A button that opens a web page instead of calling the bot. */
export interface CardLink {
  kind: 'link';
  url: string;
  label: string;
}

/** A menu of choices, for when there are more options than buttons fit. */
export interface CardSelect {
  kind: 'select';
  action: string;
  args: string[];
  placeholder: string;
  options: { value: string; label: string }[];
}

export type CardControl = CardButton | CardLink | CardSelect;

/** An image attached to a card (charts), as PNG bytes. */
export interface CardImage {
  filename: string;
  png: Uint8Array;
  alt: string;
}

/**
 * A message. `text` uses a small markup every platform can render: `**bold**`, `_italic_`,
 * `[label](https://url)` and line breaks.
 */
export interface Card {
  title?: string;
  url?: string;
  text?: string;
  fields?: { label: string; value: string; inline?: boolean }[];
  /** Rows of controls; platforms split rows that exceed their own limits. */
  controls?: CardControl[][];
  image?: CardImage;
  footer?: string;
  tone?: 'info' | 'success' | 'warning' | 'error';
}

export function textCard(text: string, tone?: Card['tone']): Card {
  return tone ? { text, tone } : { text };
}

/** Action id and arguments packed in one string, as platforms carry them (custom_id, value). */
export function encodeAction(action: string, args: string[]): string {
  return [action, ...args].join(':');
}

export function decodeAction(raw: string): { action: string; args: string[] } {
  const [action = '', ...args] = raw.split(':');
  return { action, args };
}
