// Commands, buttons and forms are declared once as data; each platform renders them (Discord slash
// commands and modals, Slack commands and modals, sandbox commands and dialogs) and hands events
// back to the dispatcher. Handlers receive one context and never touch a platform object.
import type { Card } from './card.ts';
import type { Actor, Args, MessageRef, Place } from './events.ts';
import type { TKey, Translate } from './i18n-types.ts';

/** Who may run a command or press a button. `anyone` works before the class exists (set-up). */
export type Access = 'anyone' | 'member' | 'student' | 'teacher';

/** A typed command option. `datetime` is free text read by the date parser in the class's zone. */
export interface OptionSpec {
  name: string;
  type: 'string' | 'text' | 'integer' | 'boolean' | 'user' | 'datetime' | 'url';
  descriptionKey: TKey;
  required?: boolean;
  choices?: { value: string; labelKey: TKey }[];
  min?: number;
  max?: number;
  maxLength?: number;
  /** Suggest values as the user types (capsule numbers and titles, quiz names). */
  autocomplete?: 'capsule' | 'sequence';
}

/** A command such as `/capsule schedule`: `name` is the top level, `sub` the subcommand. */
export interface CommandSpec<S = unknown> {
  name: string;
  sub?: string;
  descriptionKey: TKey;
  access: Access;
  options: OptionSpec[];
  /**
   * False when running the command must not make the actor a member (a parent redeeming a code in
   * the class channel must not become a student). Default true.
   */
  registers?: boolean;
  /**
   * Runs when only the command's name is typed (`/privacy`) on platforms that read text (Slack, the
   * sandbox). Discord cannot run a name that has subcommands: it lists this one first instead.
   */
  isDefault?: boolean;
  /** Form opened when the command is run without some of its required options (prefilled with what was typed). */
  form?: string;
  // Method syntax: a catalogue of any services type fits where platforms expect Catalogue<unknown>.
  handler(ctx: CommandContext<S>): Promise<void>;
}

/** A text field of a form (modal). Platforms allow at most five. */
/** A command as the platform edges read it: its declaration without the handler. */
export type CommandShape = Omit<CommandSpec, 'handler'>;

export interface FieldSpec {
  id: string;
  labelKey: TKey;
  style: 'short' | 'paragraph';
  required: boolean;
  maxLength?: number;
  placeholderKey?: TKey;
}

/** A form: its fields and the handler of its submission. */
export interface FormSpec<S = unknown> {
  id: string;
  titleKey: TKey;
  access: Access;
  fields: FieldSpec[];
  handler(ctx: FormContext<S>): Promise<void>;
}

/** A button or menu handler, keyed by action id. */
/** A form as the platform edges read it: its declaration without the handler. */
export type FormShape = Omit<FormSpec, 'handler'>;

export interface ActionSpec<S = unknown> {
  action: string;
  access: Access;
  handler(ctx: ActionContext<S>): Promise<void>;
}

/** A form to open, with prefilled values and state carried back on submission (e.g. a capsule id). */
export interface FormRequest {
  form: string;
  state?: string[];
  values?: Record<string, string>;
}

/** How a handler answers. `private` is seen by the actor only; `public` goes to the channel. */
export interface Reply {
  private(card: Card | string): Promise<void>;
  public(card: Card | string): Promise<MessageRef>;
  /** Open a form; only possible as the first answer to a command or button. */
  openForm(request: FormRequest): Promise<void>;
  /** Replace the message the button was on (for private lists that update in place). */
  update?(card: Card): Promise<void>;
}

/** The member the actor is in the class, once the class exists. */
export interface MemberInfo {
  id: string;
  classId: string;
  role: 'teacher' | 'student';
  displayName: string;
  locale: string | null;
}

/** Everything a handler gets: who, where, in which language, and the services. */
export interface BaseContext<S> {
  actor: Actor;
  place: Place;
  /** The actor's language: for what only they see. */
  locale: string;
  t: Translate;
  /** The class's language: for what the whole channel sees. */
  classLocale: string;
  classT: Translate;
  services: S;
  reply: Reply;
  /** The class of this channel (null only for `anyone` handlers before set-up). */
  classId: string | null;
  member: MemberInfo | null;
  now: Date;
}

export interface CommandContext<S = unknown> extends BaseContext<S> {
  args: Args;
}

export interface FormContext<S = unknown> extends BaseContext<S> {
  state: string[];
  values: Record<string, string>;
}

export interface ActionContext<S = unknown> extends BaseContext<S> {
  args: string[];
  value?: string;
  message?: MessageRef;
}

/** The whole catalogue a platform renders. */
export interface Catalogue<S = unknown> {
  commands: CommandSpec<S>[];
  forms: FormSpec<S>[];
  actions: ActionSpec<S>[];
}

export function commandKey(spec: { name: string; sub?: string }): string {
  return spec.sub ? `${spec.name} ${spec.sub}` : spec.name;
}

/**
 * Whether running a command should open its form instead, prefilled with what was typed: it has a
 * form, and a required option is missing (or, without required options, nothing was given). Every
 * platform follows this one rule.
 */
export function opensForm(
  spec: Pick<CommandSpec, 'form' | 'options'>,
  given: Record<string, unknown>,
): spec is Pick<CommandSpec, 'options'> & { form: string } {
  if (!spec.form) return false;
  const required = spec.options.filter((o) => o.required);
  const missing = (name: string) => given[name] === undefined || given[name] === '';
  if (required.length === 0) return Object.values(given).every((v) => v === undefined || v === '');
  return required.some((o) => missing(o.name));
}
