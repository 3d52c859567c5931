// Form dialogs, the sandbox's version of Discord and Slack modals: a native <dialog> (focus trap,
// Esc to close) with one labelled field per form field. Mistakes keep it open with what was typed,
// each shown under its field (and those about no field above the buttons).

import { t } from './i18n.js';
import { el } from './render.js';

/** Opens a form; `onSubmit(values)` resolves when the bot has answered, and rejects with a message. */
export function openFormDialog(dialog, form, onSubmit) {
  const body = el('form', {
    method: 'dialog',
    className: 'form',
    'data-testid': 'form',
    'data-form': form.form,
  });
  const heading = el('h2', { id: 'dialog-title', text: form.title });
  const error = el('p', {
    className: 'form-error',
    role: 'alert',
    hidden: true,
    'data-testid': 'form-error',
  });
  body.append(heading);
  const inputs = [];
  const fieldErrors = new Map();
  for (const field of form.fields) {
    const id = `field-${field.id}`;
    const label = el('label', { for: id }, [field.label]);
    if (field.required) label.append(el('span', { className: 'req', text: ` (${t('form.required')})` }));
    const input = el(field.style === 'paragraph' ? 'textarea' : 'input', {
      id,
      name: field.id,
      required: field.required,
      maxlength: field.maxLength,
      placeholder: field.placeholder,
      rows: field.style === 'paragraph' ? 6 : undefined,
      type: field.style === 'paragraph' ? undefined : 'text',
      'data-testid': id,
    });
    input.value = field.value ?? '';
    const problem = el('p', {
      id: `${id}-error`,
      className: 'field-error',
      hidden: true,
      'data-testid': `${id}-error`,
    });
    input.setAttribute('aria-describedby', problem.id);
    fieldErrors.set(field.id, { problem, input });
    const wrap = el('div', { className: 'form-field' }, [label, input, problem]);
    if (field.maxLength) {
      const counter = el('small', { className: 'counter', 'aria-live': 'polite' });
      const count = () => {
        counter.textContent = t('form.charactersLeft', { count: field.maxLength - input.value.length });
      };
      input.addEventListener('input', count);
      count();
      wrap.append(counter);
    }
    inputs.push(input);
    body.append(wrap);
  }
  const cancel = el('button', {
    type: 'button',
    className: 'btn btn-secondary',
    'data-testid': 'form-cancel',
    text: t('form.cancel'),
  });
  const submit = el('button', {
    type: 'submit',
    className: 'btn btn-primary',
    'data-testid': 'form-submit',
    text: t('form.submit'),
  });
  body.append(error, el('div', { className: 'form-actions' }, [cancel, submit]));
  cancel.addEventListener('click', () => dialog.close());
  body.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    for (const { problem, input } of fieldErrors.values()) {
      problem.hidden = true;
      input.removeAttribute('aria-invalid');
    }
    try {
      await onSubmit(Object.fromEntries(inputs.map((input) => [input.name, input.value])));
      dialog.close();
    } catch (failure) {
      const fields = failure.body?.fields ?? {};
      let first = null;
      for (const [fieldId, texts] of Object.entries(fields)) {
        const entry = fieldErrors.get(fieldId);
        if (!entry) continue;
        entry.problem.replaceChildren(...texts.flatMap((text, i) => (i ? [el('br'), text] : [text])));
        entry.problem.hidden = false;
        entry.input.setAttribute('aria-invalid', 'true');
        first ??= entry.input;
      }
      const general = failure.body?.general ?? (Object.keys(fields).length ? [] : [failure.message]);
      if (general.length > 0) {
        error.textContent = general.join('\n');
        error.hidden = false;
      }
      first?.focus();
    } finally {
      submit.disabled = false;
    }
  });
  dialog.setAttribute('aria-labelledby', 'dialog-title');
  dialog.replaceChildren(body);
  if (dialog.open) dialog.close();
  dialog.showModal();
  inputs[0]?.focus();
}
