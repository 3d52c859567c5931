// A submitted form's mistakes, all at once and by field: what the dispatcher answers instead of the
// first error, so every platform can show each problem next to its field and keep the text typed.
import type { Card } from './card.ts';
import type { FieldSpec, FormSpec } from './commands.ts';
import { problemsOf, UserError } from './errors.ts';
import type { FormDrafts } from './form-drafts.ts';
import type { Translate } from './i18n-types.ts';

/** The action of the button that reopens a form filled in with what was submitted. */
export const REOPEN_FORM = 'form.reopen';

/** What became of a submitted form. `invalid` has every mistake, translated, by field id. */
export type FormResult =
  | { status: 'done' }
  | {
      status: 'invalid';
      /** Mistakes about one field, by field id, in the form's order. */
      fields: Record<string, string[]>;
      /** Mistakes about no field in particular (an unknown capsule). */
      general: string[];
      /**
       * A private message listing the mistakes, with a button that reopens the form filled in
       * (when drafts are kept): for platforms that cannot keep their form open.
       */
      retry(): Promise<Card>;
    };

/** Required fields left blank and fields longer than allowed, before the handler runs. */
export function checkFields(fields: readonly FieldSpec[], values: Record<string, string>): UserError[] {
  const problems: UserError[] = [];
  for (const field of fields) {
    const value = values[field.id] ?? '';
    if (field.required && value.trim() === '')
      problems.push(new UserError('errors:form.required', {}, field.id));
    else if (field.maxLength && value.length > field.maxLength)
      problems.push(new UserError('errors:form.tooLong', { max: field.maxLength }, field.id));
  }
  return problems;
}

/** What `invalid` needs to be built. */
export interface InvalidForm {
  spec: Pick<FormSpec, 'id' | 'titleKey' | 'fields'>;
  state: string[];
  values: Record<string, string>;
  error: UserError;
  t: Translate;
  /** Who may reopen the draft. */
  owner: string;
  drafts?: FormDrafts;
}

/** The `invalid` result of a form whose submission failed with `error`. */
export function invalidForm(o: InvalidForm): Extract<FormResult, { status: 'invalid' }> {
  const ids = new Set(o.spec.fields.map((f) => f.id));
  const fields: Record<string, string[]> = {};
  const general: string[] = [];
  for (const problem of problemsOf(o.error)) {
    const text = o.t(problem.key, problem.params);
    if (problem.field && ids.has(problem.field))
      fields[problem.field] = [...(fields[problem.field] ?? []), text];
    else general.push(text);
  }
  const ordered: Record<string, string[]> = {};
  for (const field of o.spec.fields) {
    const list = fields[field.id];
    if (list) ordered[field.id] = list;
  }
  return {
    status: 'invalid',
    fields: ordered,
    general,
    async retry() {
      const lines = [...general];
      for (const field of o.spec.fields) {
        for (const text of ordered[field.id] ?? []) lines.push(`**${o.t(field.labelKey)}**: ${text}`);
      }
      const card: Card = {
        title: o.t('errors:form.title', { form: o.t(o.spec.titleKey) }),
        text: lines.map((line) => `• ${line}`).join('\n'),
        tone: 'error',
      };
      if (o.drafts) {
        const key = await o.drafts.save({
          owner: o.owner,
          form: o.spec.id,
          state: o.state,
          values: o.values,
        });
        card.footer = o.t('errors:form.kept');
        card.controls = [
          [
            {
              kind: 'button',
              action: REOPEN_FORM,
              args: [key],
              label: o.t('errors:form.reopen'),
              style: 'primary',
            },
          ],
        ];
      }
      return card;
    },
  };
}

/** Several mistakes as one message (a command typed with several bad options). */
export function problemsText(error: UserError, t: Translate): string {
  const problems = problemsOf(error);
  if (problems.length === 1) return t(error.key, error.params);
  return problems.map((p) => `• ${p.field ? `**${p.field}**: ` : ''}${t(p.key, p.params)}`).join('\n');
}
