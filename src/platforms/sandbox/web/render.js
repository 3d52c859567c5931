// Messages and cards as DOM. Plain strings go through textContent; the only HTML inserted is the
// `html`/`footerHtml` the server made from the cards' markup, already escaped there.
import { formatTime, t } from './i18n.js';

const el = (tag, attrs = {}, children = []) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'className') node.className = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
};

export { el };

/** A card with its controls; `onAction` receives { action, args, value? }. */
export function renderCard(card, onAction) {
  const root = el('article', { className: `card tone-${card.tone ?? 'none'}`, 'data-testid': 'card' });
  if (card.title) {
    const title = el('h3', { className: 'card-title' });
    title.append(
      card.url
        ? el('a', { href: card.url, target: '_blank', rel: 'noopener noreferrer', text: card.title })
        : card.title,
    );
    root.append(title);
  }
  if (card.html) {
    const body = el('div', { className: 'card-text' });
    body.innerHTML = card.html;
    root.append(body);
  }
  if (card.fields?.length) {
    const list = el('dl', { className: 'card-fields' });
    for (const field of card.fields) {
      const value = el('dd');
      value.innerHTML = field.html;
      list.append(
        el('div', { className: field.inline ? 'field inline' : 'field' }, [
          el('dt', { text: field.label }),
          value,
        ]),
      );
    }
    root.append(list);
  }
  if (card.image) {
    root.append(
      el('img', { className: 'card-image', src: card.image.src, alt: card.image.alt || t('page.imageAlt') }),
    );
  }
  for (const row of card.controls ?? []) root.append(renderRow(row, onAction));
  if (card.footerHtml) {
    const footer = el('footer', { className: 'card-footer' });
    footer.innerHTML = card.footerHtml;
    root.append(footer);
  }
  return root;
}

function renderRow(row, onAction) {
  const box = el('div', { className: 'card-controls', role: 'group' });
  for (const control of row) {
    if (control.kind === 'button') {
      const button = el('button', {
        type: 'button',
        className: `btn btn-${control.style}`,
        'data-testid': `button-${control.label}`,
        text: control.label,
      });
      button.addEventListener('click', () =>
        onAction({ action: control.action, args: control.args }, button),
      );
      box.append(button);
    } else if (control.kind === 'link') {
      box.append(
        el('a', {
          className: 'btn btn-link',
          href: control.url,
          target: '_blank',
          rel: 'noopener noreferrer',
          'data-testid': `link-${control.label}`,
          text: control.label,
        }),
      );
    } else if (control.kind === 'select') {
      const select = el('select', {
        className: 'select',
        'aria-label': control.placeholder,
        'data-testid': `select-${control.placeholder}`,
      });
      select.append(el('option', { value: '', text: control.placeholder, disabled: true, selected: true }));
      for (const option of control.options)
        select.append(el('option', { value: option.value, text: option.label }));
      select.addEventListener('change', () => {
        if (select.value)
          onAction({ action: control.action, args: control.args, value: select.value }, select);
      });
      box.append(select);
    }
  }
  return box;
}

/** One entry of the channel or of the private panel. */
export function renderMessage(message, context) {
  const { onAction, timeZone, mainChannel } = context;
  const item = el('li', {
    className: `message kind-${message.kind}`,
    'data-message-id': message.id,
    'data-testid': message.kind === 'channel' ? 'channel-message' : 'private-entry',
  });
  if (message.kind === 'command') {
    item.append(
      el('div', { className: 'echo', 'data-testid': 'command-echo' }, [
        el('span', { className: 'echo-label', text: t('page.youTyped') }),
        el('code', { text: message.command }),
      ]),
    );
    return item;
  }
  const meta = el('div', { className: 'meta' }, [
    el('span', { className: 'avatar', 'aria-hidden': 'true', text: 'I' }),
    el('strong', { className: 'author', text: t('page.bot') }),
    message.kind === 'channel' ? null : el('span', { className: 'badge', text: t(`page.${message.kind}`) }),
    message.kind === 'channel' && message.channelId !== mainChannel
      ? el('span', { className: 'badge', text: `#${message.channelId}` })
      : null,
    el('time', { datetime: message.at, text: formatTime(message.at, timeZone, 'short') }),
    message.updatedAt ? el('span', { className: 'edited', text: `(${t('page.edited')})` }) : null,
  ]);
  item.append(
    meta,
    renderCard(message.card ?? {}, (input, control) => onAction(message, input, control)),
  );
  return item;
}
