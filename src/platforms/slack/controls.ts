// Card controls as Block Kit elements, and the ids that bring a click back to an action.
// A button carries `encodeAction(action, args)` in its `value` (2,000 characters) and a short
// `action_id` unique in its block; a menu carries the encoded action in its `action_id`. Every
// actions block's `block_id` names the class channel, so a click that comes from a DM or the App
// Home (where Slack gives no channel) still finds its class.
import type { types } from '@slack/bolt';
import {
  type CardButton,
  type CardControl,
  type CardLink,
  type CardSelect,
  decodeAction,
  encodeAction,
} from '../../core/card.ts';
import { clip, toPlain } from './mrkdwn.ts';

/** Slack's limits, from the Block Kit reference. */
export const LIMITS = {
  elementsPerActions: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  overflowOptions: 5,
} as const;

/** Prefix of every interactive element Inverso renders (Bolt routes on it). */
export const ACTION_PREFIX = 'iv.';
const BUTTON = 'iv.b.';
const LINK = 'iv.link.';
const SELECT = 'iv.s|';
const MENU = 'iv.m.';

const PICKER = 'iv.ac|';

/** The action id of a menu that picks `option` of command `key` (see picker.ts). */
export function pickerActionId(key: string, option: string): string {
  return `${PICKER}${key}|${option}`.slice(0, LIMITS.actionId);
}

/** The command and option a picker's action id names, if it is one. */
export function parsePicker(actionId: string): { key: string; option: string } | null {
  if (!actionId.startsWith(PICKER)) return null;
  const [key = '', option = ''] = actionId.slice(PICKER.length).split('|');
  return key && option ? { key, option } : null;
}

/** What a click on one of our elements means for the dispatcher. */
export type DecodedClick =
  | { kind: 'link' }
  | { kind: 'action'; action: string; args: string[]; value?: string }
  | { kind: 'command'; key: string; option: string; value: string }
  | { kind: 'unknown' };

/** A block id naming the channel (class) the block belongs to; `n` keeps ids unique in a message. */
export function blockIdFor(channelId: string | undefined, n: number): string {
  return clip(`iv|${channelId ?? ''}|${n}`, LIMITS.blockId);
}

/** The class channel a block id names, if it is one of ours and names one. */
export function channelOfBlock(blockId: string | undefined): string | undefined {
  const m = /^iv\|([A-Z0-9]+)\|\d+$/.exec(blockId ?? '');
  return m?.[1] || undefined;
}

type Element = types.Button | types.StaticSelect | types.Overflow;

/** One row of controls as actions elements; extra buttons past Slack's 25 go into a menu. */
export function rowElements(row: CardControl[]): Element[] {
  const elements: Element[] = [];
  const buttons = row.filter((c): c is CardButton | CardLink => c.kind !== 'select');
  const room = LIMITS.elementsPerActions - row.filter((c) => c.kind === 'select').length;
  const shown = buttons.length > room ? buttons.slice(0, room - 1) : buttons;
  const overflow = buttons.slice(shown.length);
  shown.forEach((control, i) => {
    const element = buttonElement(control, i);
    if (element) elements.push(element);
  });
  if (overflow.length > 0) elements.push(menuFor(overflow, shown.length));
  row.forEach((control) => {
    if (control.kind === 'select') elements.push(selectElement(control));
  });
  return elements;
}

function buttonElement(control: CardButton | CardLink, i: number): types.Button | null {
  const text = {
    type: 'plain_text' as const,
    text: clip(toPlain(control.label), LIMITS.buttonText),
    emoji: true,
  };
  if (control.kind === 'link') {
    return { type: 'button', action_id: `${LINK}${i}`, text, url: control.url.slice(0, 3000) };
  }
  const value = encodeAction(control.action, control.args);
  if (value.length > LIMITS.buttonValue) return null;
  const button: types.Button = { type: 'button', action_id: `${BUTTON}${i}`, text, value };
  // Slack has two colours; "success" reads as primary, secondary is the default look.
  if (control.style === 'primary' || control.style === 'success') button.style = 'primary';
  if (control.style === 'danger') button.style = 'danger';
  return button;
}

/** Buttons that do not fit: an overflow menu for a few, a static select for more. */
function menuFor(controls: (CardButton | CardLink)[], i: number): types.Overflow | types.StaticSelect {
  const options = controls.flatMap((c) => {
    if (c.kind === 'link') return [{ text: plain(c.label), url: c.url.slice(0, 3000), value: `${LINK}${i}` }];
    const value = encodeAction(c.action, c.args);
    return value.length <= LIMITS.optionValue ? [{ text: plain(c.label), value }] : [];
  });
  if (options.length <= LIMITS.overflowOptions) {
    return { type: 'overflow', action_id: `${MENU}${i}`, options };
  }
  return {
    type: 'static_select',
    action_id: `${MENU}${i}`,
    placeholder: plain('…'),
    options: options.slice(0, LIMITS.selectOptions).map(({ text, value }) => ({ text, value })),
  };
}

function selectElement(control: CardSelect): types.StaticSelect {
  return {
    type: 'static_select',
    action_id: clip(`${SELECT}${encodeAction(control.action, control.args)}`, LIMITS.actionId),
    placeholder: {
      type: 'plain_text',
      text: clip(toPlain(control.placeholder), LIMITS.placeholder),
      emoji: true,
    },
    options: control.options.slice(0, LIMITS.selectOptions).map((o) => ({
      text: plain(o.label),
      value: o.value.slice(0, LIMITS.optionValue),
    })),
  };
}

function plain(text: string): types.PlainTextElement {
  return { type: 'plain_text', text: clip(toPlain(text), LIMITS.optionText), emoji: true };
}

/** The element Slack says was used, as Bolt hands it over. */
export interface ClickedElement {
  action_id: string;
  type: string;
  value?: string;
  selected_option?: { value: string } | null;
}

/** What a click on one of our elements asks for. */
export function decodeClick(element: ClickedElement): DecodedClick {
  const id = element.action_id;
  if (id.startsWith(LINK)) return { kind: 'link' };
  const picker = parsePicker(id);
  if (picker) {
    const value = element.selected_option?.value;
    return value ? { kind: 'command', ...picker, value } : { kind: 'unknown' };
  }
  if (id.startsWith(BUTTON) && element.value) return { kind: 'action', ...decodeAction(element.value) };
  if (id.startsWith(SELECT)) {
    const value = element.selected_option?.value;
    const decoded = decodeAction(id.slice(SELECT.length));
    return value === undefined ? { kind: 'action', ...decoded } : { kind: 'action', ...decoded, value };
  }
  if (id.startsWith(MENU)) {
    const value = element.selected_option?.value;
    if (!value || value.startsWith(LINK)) return { kind: 'link' };
    return { kind: 'action', ...decodeAction(value) };
  }
  return { kind: 'unknown' };
}
