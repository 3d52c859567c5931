// The composer: slash-command suggestions as you type (commands, then their options, then choices
// or autocomplete values), with the keyboard of a combobox: arrows, Tab/Enter to complete, Esc.
import { get } from './api.js';
import { t } from './i18n.js';
import { el } from './render.js';

/** Splits the line being typed into the command part and the option token under the cursor. */
function analyse(value, commands) {
  const body = value.slice(1);
  const lower = body.toLowerCase();
  const command = [...commands]
    .sort((a, b) => b.key.length - a.key.length)
    .find((c) => lower.startsWith(`${c.key} `));
  if (!command) return { command: null, partial: lower.trimStart() };
  const rest = body.slice(command.key.length + 1);
  const quotes = (rest.match(/"/g) ?? []).length;
  const tokenStart =
    quotes % 2 === 1 ? rest.lastIndexOf(' ', rest.lastIndexOf('"')) + 1 : rest.lastIndexOf(' ') + 1;
  return { command, rest, token: rest.slice(tokenStart), tokenAt: value.length - (rest.length - tokenStart) };
}

/** Wires the composer; returns a function to give it a new catalogue. */
export function setupComposer({ form, input, list, hints, onSend, context }) {
  let commands = [];
  let items = [];
  let active = -1;
  let timer;
  let generation = 0;

  const close = () => {
    items = [];
    active = -1;
    list.replaceChildren();
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };

  const show = (next) => {
    items = next.slice(0, 8);
    // Nothing is highlighted until the arrows are used, so Enter still sends what was typed.
    active = -1;
    list.replaceChildren(
      ...items.map((item, index) => {
        const option = el('div', {
          id: `suggestion-${index}`,
          role: 'option',
          className: 'suggestion',
          'data-testid': 'suggestion',
          'data-value': item.insert,
        });
        option.append(el('span', { className: 'suggestion-main', text: item.label }));
        if (item.detail) option.append(el('span', { className: 'suggestion-detail', text: item.detail }));
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(index);
        });
        return option;
      }),
    );
    list.hidden = items.length === 0;
    input.setAttribute('aria-expanded', String(items.length > 0));
    highlight();
  };

  const highlight = () => {
    list.querySelectorAll('[role=option]').forEach((node, index) => {
      node.setAttribute('aria-selected', String(index === active));
    });
    if (active >= 0) input.setAttribute('aria-activedescendant', `suggestion-${active}`);
    else input.removeAttribute('aria-activedescendant');
  };

  const choose = (index) => {
    const item = items[index];
    if (!item) return;
    input.value = item.replace(input.value);
    input.focus();
    update();
  };

  const renderHints = (command, token) => {
    hints.replaceChildren();
    hints.hidden = !command;
    if (!command) return;
    const current = token?.split(':')[0]?.toLowerCase();
    hints.append(
      el('p', { className: 'hint-title' }, [
        el('code', { text: `/${command.key}` }),
        ` — ${command.description}`,
      ]),
    );
    if (command.form) hints.append(el('p', { className: 'hint-note', text: t('composer.opensForm') }));
    const options = el('ul', { className: 'hint-options', 'aria-label': t('composer.options') });
    for (const option of command.options) {
      const chip = el('li', { className: option.name === current ? 'hint-option current' : 'hint-option' }, [
        el('code', { text: `${option.name}:` }),
        el('span', {
          className: option.required ? 'req' : 'opt',
          text: t(option.required ? 'composer.required' : 'composer.optional'),
        }),
        el('span', { text: option.description }),
      ]);
      if (option.choices) {
        chip.append(
          el('span', {
            className: 'hint-choices',
            text: t('composer.choices', { choices: option.choices.map((c) => c.value).join(', ') }),
          }),
        );
      }
      options.append(chip);
    }
    hints.append(options);
  };

  const update = () => {
    const value = input.value;
    const mine = ++generation;
    clearTimeout(timer);
    if (!value.startsWith('/')) {
      renderHints(null);
      close();
      return;
    }
    const state = analyse(value, commands);
    renderHints(state.command, state.token);
    if (!state.command) {
      show(
        commands
          .filter((c) => c.key.startsWith(state.partial) || c.name.startsWith(state.partial))
          .map((c) => ({
            label: `/${c.key}`,
            detail: c.description,
            insert: c.key,
            replace: () => `/${c.key} `,
          })),
      );
      return;
    }
    const { command, token, tokenAt } = state;
    const before = value.slice(0, tokenAt);
    const [name, ...valueParts] = token.split(':');
    const option = command.options.find((o) => o.name.toLowerCase() === name.toLowerCase());
    const quote = (text) => (/\s/.test(text) ? `"${text}"` : text);
    if (!token.includes(':')) {
      const used = new Set([...value.matchAll(/(\w+):/g)].map((m) => m[1].toLowerCase()));
      show(
        command.options
          .filter(
            (o) => !used.has(o.name.toLowerCase()) && o.name.toLowerCase().startsWith(token.toLowerCase()),
          )
          .map((o) => ({
            label: `${o.name}:`,
            detail: o.description,
            insert: o.name,
            replace: () => `${before}${o.name}:`,
          })),
      );
      return;
    }
    if (!option) return close();
    const partial = valueParts.join(':').replace(/^"/, '');
    const valueItem = (s) => ({
      label: s.label,
      detail: s.label === s.value ? '' : s.value,
      insert: s.value,
      replace: () => `${before}${option.name}:${quote(s.value)} `,
    });
    if (option.choices) {
      show(
        option.choices
          .filter((c) => c.value.startsWith(partial) || c.label.toLowerCase().includes(partial.toLowerCase()))
          .map(valueItem),
      );
      return;
    }
    if (!option.autocomplete) return close();
    timer = setTimeout(async () => {
      const params = { ...context(), command: command.key, option: option.name, partial };
      const answer = await get('/sandbox/autocomplete', params).catch(() => ({ suggestions: [] }));
      if (mine === generation) show(answer.suggestions.map(valueItem));
    }, 150);
  };

  input.addEventListener('input', update);
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('keydown', (event) => {
    if (items.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      active = (active + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      highlight();
    } else if (event.key === 'Tab' || (event.key === 'Enter' && active >= 0)) {
      event.preventDefault();
      choose(Math.max(active, 0));
    } else if (event.key === 'Escape') {
      close();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    close();
    renderHints(null);
    input.value = '';
    onSend(text);
  });

  return (next) => {
    commands = next;
    update();
  };
}
