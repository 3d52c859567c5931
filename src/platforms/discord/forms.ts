// Forms as Discord modals: at most five text inputs, short labels, and the form's id and state in
// the modal's custom id (`form:<id>:<state...>`), so a submission needs no memory of the opening.
import type { FormRequest, FormSpec } from '../../core/commands.ts';
import type { Translate } from '../../core/i18n-types.ts';
import { type CustomIdStore, FORM_PREFIX } from './custom-ids.ts';
import { clip, LIMITS, nonEmpty } from './limits.ts';

/** A modal, as Discord's API takes it. */
export interface ApiModal {
  custom_id: string;
  title: string;
  components: {
    type: 1;
    components: {
      type: 4;
      custom_id: string;
      label: string;
      style: 1 | 2;
      required: boolean;
      max_length: number;
      placeholder?: string;
      value?: string;
    }[];
  }[];
}

/** The modal of a form request, in the actor's language. */
export function buildModal(spec: FormSpec, request: FormRequest, t: Translate, ids: CustomIdStore): ApiModal {
  return {
    custom_id: ids.encode(FORM_PREFIX, [spec.id, ...(request.state ?? [])]),
    title: nonEmpty(t(spec.titleKey), LIMITS.modalTitle),
    components: spec.fields.slice(0, LIMITS.modalFields).map((field) => {
      const max = Math.min(field.maxLength ?? LIMITS.inputValue, LIMITS.inputValue);
      const value = request.values?.[field.id];
      return {
        type: 1,
        components: [
          {
            type: 4,
            custom_id: field.id,
            label: nonEmpty(t(field.labelKey), LIMITS.inputLabel),
            style: field.style === 'paragraph' ? 2 : 1,
            required: field.required,
            max_length: max,
            ...(field.placeholderKey
              ? { placeholder: clip(t(field.placeholderKey), LIMITS.inputPlaceholder) }
              : {}),
            ...(value ? { value: value.slice(0, max) } : {}),
          },
        ],
      };
    }),
  };
}

/** The form a modal submission answers, or null when its id is not a form (or was forgotten). */
export function parseModalId(customId: string, ids: CustomIdStore): { form: string; state: string[] } | null {
  const decoded = ids.decode(customId);
  if (!decoded || decoded.action !== FORM_PREFIX || !decoded.args[0]) return null;
  const [form, ...state] = decoded.args;
  return { form, state };
}
