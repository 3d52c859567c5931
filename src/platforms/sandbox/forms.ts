// The catalogue's forms as the sandbox page's dialog draws them, in the member's language.
import type { FormRequest, FormShape } from '../../core/commands.ts';
import type { Translate } from '../../core/i18n-types.ts';

/** A form as the page's dialog draws it, with its values filled in. */
export interface FormView {
  form: string;
  title: string;
  state: string[];
  fields: {
    id: string;
    label: string;
    style: 'short' | 'paragraph';
    required: boolean;
    maxLength?: number;
    placeholder?: string;
    value: string;
  }[];
}

/** A form opened for a member, in their language. */
export function describeForm(spec: FormShape, request: FormRequest, t: Translate): FormView {
  return {
    form: spec.id,
    title: t(spec.titleKey),
    state: request.state ?? [],
    fields: spec.fields.map((f) => {
      const field: FormView['fields'][number] = {
        id: f.id,
        label: t(f.labelKey),
        style: f.style,
        required: f.required,
        value: request.values?.[f.id] ?? '',
      };
      if (f.maxLength !== undefined) field.maxLength = f.maxLength;
      if (f.placeholderKey) field.placeholder = t(f.placeholderKey);
      return field;
    }),
  };
}
