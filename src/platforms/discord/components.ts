// A card's controls as Discord action rows: at most 5 rows of at most 5 buttons, a menu taking a
// whole row. Rows longer than 5 are split; when the split would need more than 5 rows, the buttons
// that do not fit become one menu (whose values are the actions), and links that do not fit are
// returned so the caller can show them as text: nothing a card offers is silently lost.
import type { CardButton, CardControl, CardLink, CardSelect } from '../../core/card.ts';
import { type CustomIdStore, PICK_PREFIX } from './custom-ids.ts';
import { clip, LIMITS, nonEmpty } from './limits.ts';

/** A component of an action row, as Discord's API takes it. */
export type ApiComponent =
  | { type: 2; style: 1 | 2 | 3 | 4; label: string; custom_id: string }
  | { type: 2; style: 5; label: string; url: string }
  | {
      type: 3;
      custom_id: string;
      placeholder: string;
      min_values: 1;
      max_values: 1;
      options: { label: string; value: string }[];
    };

/** An action row. */
export interface ApiRow {
  type: 1;
  components: ApiComponent[];
}

const STYLES = { primary: 1, secondary: 2, success: 3, danger: 4 } as const;

function button(control: CardButton | CardLink, ids: CustomIdStore): ApiComponent {
  const label = nonEmpty(control.label, LIMITS.buttonLabel);
  if (control.kind === 'link') return { type: 2, style: 5, label, url: control.url };
  return {
    type: 2,
    style: STYLES[control.style ?? 'secondary'],
    label,
    custom_id: ids.encode(control.action, control.args),
  };
}

function menu(control: CardSelect, ids: CustomIdStore): ApiComponent {
  return {
    type: 3,
    custom_id: ids.encode(control.action, control.args),
    placeholder: clip(control.placeholder, LIMITS.selectPlaceholder),
    min_values: 1,
    max_values: 1,
    options: control.options.slice(0, LIMITS.selectOptions).map((o) => ({
      label: nonEmpty(o.label, LIMITS.optionLabel),
      value: clip(o.value, LIMITS.optionValue),
    })),
  };
}

/** Rows for Discord, plus the links that had no room (to be shown as text). */
export interface RenderedControls {
  rows: ApiRow[];
  overflowLinks: CardLink[];
}

/** A card's rows of controls as Discord action rows. */
export function renderControls(controls: CardControl[][] | undefined, ids: CustomIdStore): RenderedControls {
  // First split each card row into Discord rows: buttons in fives, each menu alone.
  const rows: CardControl[][] = [];
  for (const cardRow of controls ?? []) {
    let current: CardControl[] = [];
    for (const control of cardRow) {
      if (control.kind === 'select') {
        if (current.length > 0) rows.push(current);
        rows.push([control]);
        current = [];
        continue;
      }
      if (current.length === LIMITS.buttonsPerRow) {
        rows.push(current);
        current = [];
      }
      current.push(control);
    }
    if (current.length > 0) rows.push(current);
  }
  const overflowLinks: CardLink[] = [];
  let kept = rows;
  if (rows.length > LIMITS.rows) {
    kept = rows.slice(0, LIMITS.rows - 1);
    const rest = rows.slice(LIMITS.rows - 1).flat();
    const buttons = rest.filter((c): c is CardButton => c.kind === 'button');
    overflowLinks.push(...rest.filter((c): c is CardLink => c.kind === 'link'));
    // Menus past the fifth row cannot be merged (each has its own action): they are dropped, and
    // only a card with more than 4 menus would lose one, which no card of the catalogue builds.
    if (buttons.length > 0) {
      kept.push([
        {
          kind: 'select',
          action: PICK_PREFIX,
          args: [],
          placeholder: '…',
          options: buttons.map((b) => ({ value: ids.encode(b.action, b.args), label: b.label })),
        },
      ]);
    }
  }
  return {
    rows: kept.map((row) => ({
      type: 1,
      components: row.map((c) => (c.kind === 'select' ? menu(c, ids) : button(c, ids))),
    })),
    overflowLinks,
  };
}
