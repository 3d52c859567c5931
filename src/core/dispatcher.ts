// The one entry point for everything a platform receives. It finds the class and member, picks the
// language, checks access, runs the handler, and turns errors into translated replies in one place.
import { validateArgs } from './args.ts';
import type { Card } from './card.ts';
import type {
  Access,
  ActionSpec,
  BaseContext,
  Catalogue,
  CommandSpec,
  FormSpec,
  MemberInfo,
  Reply,
} from './commands.ts';
import { commandKey } from './commands.ts';
import { isUserError, StorageUnavailableError, UserError, UserErrors } from './errors.ts';
import type { Actor, InboundEvent, Place } from './events.ts';
import { checkFields, type FormResult, invalidForm, problemsText, REOPEN_FORM } from './form-check.ts';
import type { FormDrafts } from './form-drafts.ts';
import type { Translate } from './i18n-types.ts';
import { type LocaleMatcher, pickLocale, pickT } from './locale.ts';
import type { Logger } from './logger.ts';
import type { InteractionOutcome, Metrics } from './metrics.ts';
import { cleanActor, cleanArgs, cleanControl, cleanValues, repairText } from './text-input.ts';
import { logUnexpected } from './unexpected.ts';

/** Finds (and registers) who acts where. Implemented by the class service. */
export interface Directory {
  /** `register: false` looks the actor up without making them a member. */
  resolve(
    place: Place,
    actor: Actor,
    register?: boolean,
  ): Promise<{ classId: string; language: string; member: MemberInfo | null } | null>;
}

/** Translation functions per language, and which languages exist. */
export interface Translator extends LocaleMatcher {
  t(locale: string): Translate;
}

/** A choice suggested while typing. */
export interface Suggestion {
  value: string;
  label: string;
}

/** Suggestion source for autocomplete options. */
export type Suggester = (
  kind: string,
  classId: string,
  partial: string,
  role: 'teacher' | 'student' | null,
) => Promise<Suggestion[]>;

/** Who someone is in the class of a place: what a platform needs before the core answers. */
export interface Identity {
  /** The language to answer them in: their own if we speak it, else the class's, else the fallback. */
  locale: string;
  /** Their role in the class, or null when unknown (no class here, or not a member yet). */
  role: 'teacher' | 'student' | null;
  /** The class's language, or null when the place has no class. */
  classLocale: string | null;
}

/** How a platform hands one event to the core. */
export interface Delivery {
  actor: Actor;
  place: Place;
  reply: Reply;
}

/** The dispatcher's collaborators. */
export interface DispatcherDeps<S> {
  catalogue: Catalogue<S>;
  services: S;
  directory: Directory;
  i18n: Translator;
  logger: Logger;
  now: () => Date;
  suggest?: Suggester;
  /** Told how each event ended and how long it took. */
  metrics?: Metrics;
  /** Where forms sent back with mistakes are kept for reopening (platforms that cannot keep them open). */
  drafts?: FormDrafts;
}

type FormEvent = Extract<InboundEvent, { type: 'form' }>;

export class Dispatcher<S = unknown> {
  readonly catalogue: Catalogue<S>;
  readonly i18n: Translator;
  readonly #deps: DispatcherDeps<S>;
  readonly #commands: Map<string, CommandSpec<S>>;
  readonly #forms: Map<string, FormSpec<S>>;
  readonly #actions: Map<string, ActionSpec<S>>;

  constructor(deps: DispatcherDeps<S>) {
    this.#deps = deps;
    this.catalogue = deps.catalogue;
    this.i18n = deps.i18n;
    this.#commands = new Map(deps.catalogue.commands.map((c) => [commandKey(c), c]));
    this.#forms = new Map(deps.catalogue.forms.map((f) => [f.id, f]));
    this.#actions = new Map(deps.catalogue.actions.map((a) => [a.action, a]));
  }

  command(key: string): CommandSpec<S> | undefined {
    return this.#commands.get(key);
  }

  form(id: string): FormSpec<S> | undefined {
    return this.#forms.get(id);
  }

  /**
   * Handles one event. Never throws: every failure becomes a private, translated reply. A form
   * with mistakes is answered with all of them and a button to reopen it filled in.
   */
  async handle(event: InboundEvent, delivery: Delivery): Promise<void> {
    if (event.type === 'form') {
      const result = await this.submit(event, delivery);
      if (result.status === 'invalid') await this.#send(delivery, await result.retry());
      return;
    }
    await this.#run(event, delivery, (base) => this.#route(event, base));
  }

  /**
   * Runs a submitted form. Its mistakes are not replied: they come back all at once, by field, so
   * the platform can show them next to the fields and keep what was typed. Anything else (a
   * refusal, an unexpected error) is replied privately as for any event, and the form is done.
   */
  async submit(event: FormEvent, delivery: Delivery): Promise<FormResult> {
    let result: FormResult = { status: 'done' };
    await this.#run(event, delivery, async (base) => {
      const spec = this.#forms.get(event.form);
      if (!spec) throw new UserError('errors:staleButton');
      this.#checkAccess(spec.access, base);
      try {
        const blank = checkFields(spec.fields, event.values);
        if (blank.length > 0) throw new UserErrors(blank);
        const state = cleanControl(event.state, undefined).args;
        await spec.handler({ ...base, state, values: cleanValues(spec.fields, event.values) });
      } catch (error) {
        if (!isUserError(error)) throw error;
        result = invalidForm({
          spec,
          state: event.state,
          values: event.values,
          error,
          t: base.t,
          owner: ownerOf(delivery),
          ...(this.#deps.drafts ? { drafts: this.#deps.drafts } : {}),
        });
      }
    });
    return result;
  }

  async #run(
    event: InboundEvent,
    given: Delivery,
    work: (base: BaseContext<S>) => Promise<void>,
  ): Promise<void> {
    // Every platform's events pass here: the one place where typed text is cleaned (text-input.ts).
    const delivery = { ...given, actor: cleanActor(given.actor) };
    const started = performance.now();
    let outcome: InteractionOutcome = 'ok';
    let t = pickT(this.i18n, delivery.actor.locale);
    try {
      const resolved = await this.#deps.directory.resolve(
        delivery.place,
        delivery.actor,
        this.#registers(event, delivery.actor),
      );
      const classLocale = resolved?.language ?? this.i18n.fallback;
      const locale = pickLocale(this.i18n, delivery.actor.locale, classLocale);
      t = this.i18n.t(locale);
      const base: BaseContext<S> = {
        actor: delivery.actor,
        place: delivery.place,
        locale,
        t,
        classLocale,
        classT: this.i18n.t(classLocale),
        services: this.#deps.services,
        reply: delivery.reply,
        classId: resolved?.classId ?? null,
        member: resolved?.member ?? null,
        now: this.#deps.now(),
      };
      await work(base);
    } catch (error) {
      outcome = isUserError(error) ? 'refused' : 'error';
      await this.#fail(error, event, delivery, t);
    } finally {
      this.#deps.metrics?.interaction(
        delivery.place.platform,
        event.type,
        outcome,
        (performance.now() - started) / 1000,
      );
    }
  }

  /**
   * Whether the actor may run a command here, before anything is shown (a platform asks before
   * opening a form, so a student never fills in a teacher's form only to be refused at the end).
   */
  async mayRun(command: string, delivery: Omit<Delivery, 'reply'>): Promise<boolean> {
    const spec = this.#commands.get(command);
    if (!spec) return false;
    if (spec.access === 'anyone') return true;
    const actor = cleanActor(delivery.actor);
    const event = { type: 'command' as const, command, args: {} };
    const resolved = await this.#deps.directory.resolve(delivery.place, actor, this.#registers(event, actor));
    const role = resolved?.member?.role;
    if (!role) return false;
    return spec.access === 'member' || spec.access === role;
  }

  /**
   * The actor's language and role in the class of a place. Only looks: nobody becomes a member by
   * asking for help or mistyping. Never throws: an unknown actor is answered in their own language.
   */
  async whoIs(place: Place, actor: Actor): Promise<Identity> {
    try {
      const resolved = await this.#deps.directory.resolve(place, cleanActor(actor), false);
      const classLocale = resolved?.language ?? null;
      return {
        locale: pickLocale(this.i18n, actor.locale, classLocale),
        role: resolved?.member?.role ?? null,
        classLocale,
      };
    } catch {
      return { locale: pickLocale(this.i18n, actor.locale), role: null, classLocale: null };
    }
  }

  /** Suggestions for an autocomplete option; empty when nothing fits or the class is unknown. */
  async autocomplete(
    event: Extract<InboundEvent, { type: 'autocomplete' }>,
    delivery: Omit<Delivery, 'reply'>,
  ): Promise<Suggestion[]> {
    const spec = this.#commands.get(event.command)?.options.find((o) => o.name === event.option);
    if (!spec?.autocomplete || !this.#deps.suggest) return [];
    const started = performance.now();
    let outcome: InteractionOutcome = 'ok';
    try {
      // Typing is not acting: suggestions never register anyone, and students only see what is out.
      const resolved = await this.#deps.directory.resolve(delivery.place, cleanActor(delivery.actor), false);
      if (!resolved) return [];
      return await this.#deps.suggest(
        spec.autocomplete,
        resolved.classId,
        repairText(event.partial, 100),
        resolved.member?.role ?? null,
      );
    } catch (error) {
      outcome = 'error';
      logUnexpected(this.#deps.logger, error, 'autocomplete failed');
      return [];
    } finally {
      const seconds = (performance.now() - started) / 1000;
      this.#deps.metrics?.interaction(delivery.place.platform, 'autocomplete', outcome, seconds);
    }
  }

  /**
   * Whether acting makes a newcomer a member. Taking part does (a student joins by using the
   * class); trying a teacher's command does not, unless the platform says they administer the
   * place; nor does an unknown command or a command declared `registers: false`.
   */
  #registers(event: InboundEvent, actor: Actor): boolean {
    const access = this.#accessOf(event);
    if (access === undefined) return false;
    return access !== 'teacher' || actor.isAdmin === true;
  }

  /** Who may run what the event names; undefined when it names nothing that registers. */
  #accessOf(event: InboundEvent): Access | undefined {
    switch (event.type) {
      case 'command': {
        const spec = this.#commands.get(event.command);
        return spec?.registers === false ? undefined : spec?.access;
      }
      case 'action':
        return this.#actions.get(event.action)?.access;
      case 'form':
        return this.#forms.get(event.form)?.access;
      case 'autocomplete':
        return undefined;
    }
  }

  async #route(event: InboundEvent, base: BaseContext<S>): Promise<void> {
    switch (event.type) {
      case 'command': {
        const spec = this.#commands.get(event.command);
        if (!spec) throw new UserError('errors:unknownCommand', { command: event.command });
        this.#checkAccess(spec.access, base);
        await spec.handler({ ...base, args: validateArgs(spec, cleanArgs(spec.options, event.args)) });
        return;
      }
      case 'action': {
        if (event.action === REOPEN_FORM) return this.#reopen(event.args[0] ?? '', base);
        const spec = this.#actions.get(event.action);
        if (!spec) throw new UserError('errors:staleButton');
        this.#checkAccess(spec.access, base);
        const { args, value } = cleanControl(event.args, event.value);
        await spec.handler({ ...base, args, value, message: event.message });
        return;
      }
      case 'form':
      case 'autocomplete':
        return;
    }
  }

  /** Reopens a form sent back with mistakes, filled in with what its author typed. */
  async #reopen(key: string, base: BaseContext<S>): Promise<void> {
    const draft = await this.#deps.drafts?.get(key, ownerOf(base));
    const spec = draft ? this.#forms.get(draft.form) : undefined;
    if (!draft || !spec) throw new UserError('errors:form.expired');
    this.#checkAccess(spec.access, base);
    await base.reply.openForm({ form: draft.form, state: draft.state ?? [], values: draft.values ?? {} });
  }

  #checkAccess(access: Access, ctx: BaseContext<S>): void {
    if (access === 'anyone') return;
    if (!ctx.member) throw new UserError('errors:noClass');
    if (access === 'teacher' && ctx.member.role !== 'teacher') throw new UserError('errors:teachersOnly');
    if (access === 'student' && ctx.member.role !== 'student') throw new UserError('errors:studentsOnly');
  }

  async #fail(error: unknown, event: InboundEvent, delivery: Delivery, t: Translate): Promise<void> {
    let card: Card;
    if (isUserError(error)) {
      // The person is told to try again; whoever runs the bot must hear of a database that cannot write.
      if (error instanceof StorageUnavailableError) {
        this.#deps.logger.warn(
          { reason: error.reason, event: describe(event) },
          'the database could not write',
        );
      }
      card = { text: problemsText(error, t), tone: 'error' };
    } else {
      const errorId = logUnexpected(this.#deps.logger, error, 'unexpected error while handling an event', {
        event: describe(event),
        platform: delivery.place.platform,
      });
      card = { text: t('errors:unexpected', { id: errorId }), tone: 'error' };
    }
    await this.#send(delivery, card);
  }

  async #send(delivery: Delivery, card: Card): Promise<void> {
    try {
      await delivery.reply.private(card);
    } catch (replyError) {
      this.#deps.logger.warn({ err: replyError }, 'could not deliver an error reply');
    }
  }
}

/** Who a draft belongs to: one person on one platform and workspace. */
function ownerOf(where: { actor: Actor; place: Place }): string {
  return `${where.place.platform}:${where.place.workspaceId}:${where.actor.platformUserId}`;
}

/** What may be logged of an event: its kind and name, never the text a child typed. */
function describe(event: InboundEvent): string {
  switch (event.type) {
    case 'command':
      return `command:${event.command}`;
    case 'action':
      return `action:${event.action}`;
    case 'form':
      return `form:${event.form}`;
    case 'autocomplete':
      return `autocomplete:${event.command}`;
  }
}
