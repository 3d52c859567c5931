// Discord's documented limits, in one place, and the helpers that keep text inside them. Discord
// rejects a whole message (400, code 50035) when one piece is too long, so everything is cut here
// rather than trusting each card to be short.

/** Limits of messages, embeds, components, modals and commands (discord.com/developers/docs). */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  selectPlaceholder: 150,
  optionLabel: 100,
  optionValue: 100,
  modalTitle: 45,
  modalFields: 5,
  inputLabel: 45,
  inputPlaceholder: 100,
  inputValue: 4000,
  commandDescription: 100,
  choiceName: 100,
  autocompleteChoices: 25,
  nonce: 25,
  threadName: 100,
  eventName: 100,
  eventDescription: 1000,
  eventLocation: 100,
} as const;

/** Cuts text to `max` UTF-16 units (Discord counts them), marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  // Do not split a surrogate pair: a lone half renders as a replacement character.
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** Text Discord accepts where a non-empty value is required (field values, labels). */
export function nonEmpty(text: string | undefined, max: number): string {
  const trimmed = (text ?? '').trim();
  return trimmed ? clip(trimmed, max) : '\u200b';
}
