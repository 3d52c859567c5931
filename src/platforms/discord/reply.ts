// How a handler answers one interaction, within Discord's rules: the first answer must leave within
// 3 seconds and only once; a modal can only be the first answer; later answers are follow-ups.
//
// Timing: handlers usually answer in milliseconds. If none has answered after `deferAfterMs`
// (1.5 s by default, leaving room for network time on both sides of Discord's 3 s), the interaction
// is deferred as an ephemeral "thinking..." that the first private answer then fills. A deferred
// interaction can no longer open a modal, so a handler that opens a form late gets, instead, a
// private message with a button that opens it (one click more, nothing lost). Forms opened straight
// from a command are shown by the platform before any work, so they never hit that case.
//
// Every call to Discord for one interaction goes through one queue, so the defer timer and the
// handler's answers never race into "already acknowledged" errors.
import type { Card } from '../../core/card.ts';
import type { FormRequest, Reply } from '../../core/commands.ts';
import type { MessageRef } from '../../core/events.ts';
import type { Translate } from '../../core/i18n-types.ts';
import type { Logger } from '../../core/logger.ts';
import { OPEN_FORM_PREFIX } from './custom-ids.ts';
import type { ApiModal } from './forms.ts';
import { type Answerable, EPHEMERAL } from './interaction-api.ts';
import type { RenderedMessage } from './render.ts';

/** What an interaction reply needs from the platform. */
export interface ReplyDeps {
  interaction: Answerable;
  /** Whether the interaction comes from a button or menu (its message can be updated). */
  fromComponent: boolean;
  /** Whether Discord allows a modal as the first answer (not to a modal submission). */
  canShowModal: boolean;
  render(card: Card): RenderedMessage;
  /** The modal of a form request, or null for an unknown form. */
  modal(request: FormRequest): ApiModal | null;
  /** Posts to the class channel (a public answer is a normal bot message, editable like any post). */
  postPublic(card: Card): Promise<MessageRef>;
  /** The actor's language, for the platform's own words. */
  t: Translate;
  deferAfterMs: number;
  logger: Logger;
}

type State = 'open' | 'deferred' | 'filled' | 'replied' | 'modal' | 'updated';

const asCard = (card: Card | string): Card => (typeof card === 'string' ? { text: card } : card);

/** The core's Reply for one Discord interaction (see the rules above). */
export class InteractionReply implements Reply {
  readonly #deps: ReplyDeps;
  #state: State = 'open';
  #queue: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  readonly update?: (card: Card) => Promise<void>;

  constructor(deps: ReplyDeps) {
    this.#deps = deps;
    if (deps.fromComponent) this.update = (card) => this.#update(card);
  }

  /** Starts the 3-second guard. */
  arm(): void {
    this.#timer = setTimeout(() => {
      this.#run(async () => {
        if (this.#state !== 'open') return;
        await this.#deps.interaction.deferReply(EPHEMERAL);
        this.#state = 'deferred';
      }).catch(() => {}); // already logged by the queue
    }, this.#deps.deferAfterMs);
    this.#timer.unref();
  }

  async private(card: Card | string): Promise<void> {
    const message = this.#deps.render(asCard(card));
    await this.#run(async () => {
      const interaction = this.#deps.interaction;
      if (this.#state === 'open') {
        await interaction.reply(message, EPHEMERAL);
        this.#state = 'replied';
      } else if (this.#state === 'deferred') {
        // The first answer after a defer fills the "thinking..." message, which is ephemeral.
        await interaction.editOriginal(message);
        this.#state = 'filled';
      } else {
        await interaction.followUp(message, EPHEMERAL);
      }
    });
  }

  public(card: Card | string): Promise<MessageRef> {
    return this.#deps.postPublic(asCard(card));
  }

  async openForm(request: FormRequest): Promise<void> {
    const modal = this.#deps.modal(request);
    if (!modal) throw new Error(`unknown form "${request.form}"`);
    let shown = false;
    await this.#run(async () => {
      if (this.#state !== 'open' || !this.#deps.canShowModal || !this.#deps.interaction.showModal) return;
      clearTimeout(this.#timer);
      await this.#deps.interaction.showModal(modal);
      this.#state = 'modal';
      shown = true;
    });
    if (shown) return;
    const { t } = this.#deps;
    await this.private({
      text: t('common:discord.formBlocked'),
      controls: [
        [
          {
            kind: 'button',
            action: OPEN_FORM_PREFIX,
            args: [request.form, ...(request.state ?? [])],
            label: t('common:discord.openForm'),
            style: 'primary',
          },
        ],
      ],
    });
  }

  async #update(card: Card): Promise<void> {
    const rendered = this.#deps.render(card);
    await this.#run(async () => {
      const interaction = this.#deps.interaction;
      if (this.#state === 'open' && interaction.update) {
        await interaction.update(rendered);
        this.#state = 'updated';
        return;
      }
      if (this.#state === 'updated') {
        await interaction.editOriginal(rendered);
        return;
      }
      // Deferred as "thinking...": the message the button was on can no longer be edited through
      // this interaction, so the new version is shown privately instead (the core's own fallback).
      if (this.#state === 'deferred') {
        await interaction.editOriginal(rendered);
        this.#state = 'filled';
      } else {
        await interaction.followUp(rendered, EPHEMERAL);
      }
    });
  }

  /** Called when the handler is done: an interaction left unanswered gets a quiet acknowledgement. */
  async finish(): Promise<void> {
    clearTimeout(this.#timer);
    await this.#run(async () => {
      const interaction = this.#deps.interaction;
      if (this.#state === 'open') {
        if (this.#deps.fromComponent && interaction.deferUpdate) {
          await interaction.deferUpdate();
        } else {
          await interaction.reply(
            this.#deps.render({ text: this.#deps.t('common:discord.done') }),
            EPHEMERAL,
          );
        }
        this.#state = 'replied';
      } else if (this.#state === 'deferred') {
        await interaction.editOriginal(this.#deps.render({ text: this.#deps.t('common:discord.done') }));
        this.#state = 'filled';
      }
    });
  }

  /** Runs one call to Discord after the previous ones; a failure is the caller's, not the queue's. */
  #run(task: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(task);
    this.#queue = next.catch((error) => {
      this.#deps.logger.warn({ err: error }, 'discord interaction answer failed');
    });
    return next;
  }
}
