// Publication of capsules: the card in the channel, its discussion thread, the platform event
// for the session; it then announces `capsule.published` (the quiz follows). Safe to run twice.
import type { Capsule, Class } from '../db/models.ts';
import { capsuleCard } from './cards/capsule-card.ts';
import type { ServiceDeps } from './deps.ts';
import type { DomainEventBus } from './domain-events.ts';
import { type Outbox, parseRef } from './outbox.ts';

export class CapsulePublisher {
  readonly #deps: ServiceDeps;
  readonly #outbox: Outbox;
  readonly #events: DomainEventBus;
  /** The last publication under way per class: the next one of the same class waits for it. */
  readonly #running = new Map<string, Promise<unknown>>();

  constructor(deps: ServiceDeps, outbox: Outbox, events: DomainEventBus) {
    this.#deps = deps;
    this.#outbox = outbox;
    this.#events = events;
  }

  /**
   * Posts the capsule (once: a retry reuses the same idempotency key) and what follows it.
   * Publications of one class run one after another, so two capsules due at the same minute
   * never interleave their cards and quiz questions in the channel.
   */
  async publishCapsule(capsuleId: string): Promise<Capsule> {
    const { classId } = await this.#deps.db.capsule.findUniqueOrThrow({ where: { id: capsuleId } });
    const before = this.#running.get(classId) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(() => this.#publish(capsuleId));
    const tail = mine.catch(() => undefined);
    this.#running.set(classId, tail);
    void tail.then(() => {
      if (this.#running.get(classId) === tail) this.#running.delete(classId);
    });
    return mine;
  }

  async #publish(capsuleId: string): Promise<Capsule> {
    const db = this.#deps.db;
    let capsule = await db.capsule.findUniqueOrThrow({ where: { id: capsuleId } });
    const klass = await db.class.findUniqueOrThrow({ where: { id: capsule.classId } });
    if (!capsule.messageRef) {
      const ref = await this.#outbox.post(klass, await this.#card(capsule, klass), `capsule:${capsule.id}`);
      capsule = await db.capsule.update({
        where: { id: capsule.id },
        data: { status: 'published', messageRef: JSON.stringify(ref) },
      });
    }
    const platform = this.#outbox.platformOf(klass);
    const ref = parseRef(capsule.messageRef);
    if (!capsule.threadRef && ref && platform.openThread) {
      const name = this.#outbox.t(klass)('cards:capsule.thread', {
        number: capsule.number,
        title: capsule.title,
      });
      const thread = await platform.openThread(ref, name.slice(0, 100));
      capsule = await db.capsule.update({
        where: { id: capsule.id },
        data: { threadRef: JSON.stringify(thread) },
      });
    }
    await this.#events.emit('capsule.published', { capsule, klass });
    return capsule;
  }

  /** Re-renders a posted capsule after an edit or a cancellation. */
  async refreshCapsule(capsule: Capsule, klass: Class): Promise<void> {
    if (!capsule.messageRef || !this.#outbox.available(klass)) return;
    await this.#outbox.update(klass, capsule.messageRef, await this.#card(capsule, klass));
  }

  /** Keeps the platform's calendar event in step with the session (where the platform has one). */
  async syncEvent(capsule: Capsule, klass: Class): Promise<void> {
    if (!this.#outbox.available(klass)) return;
    const platform = this.#outbox.platformOf(klass);
    const where = { workspaceId: klass.workspaceId, channelId: klass.channelId };
    try {
      if (capsule.status === 'cancelled') {
        if (capsule.eventRef && platform.cancelEvent) await platform.cancelEvent(where, capsule.eventRef);
        return;
      }
      if (!platform.upsertEvent) return;
      const t = this.#outbox.t(klass);
      const eventRef = await platform.upsertEvent(where, {
        name: t('cards:capsule.eventName', { title: capsule.title }).slice(0, 100),
        description: t('cards:capsule.eventDescription', { url: capsule.videoUrl }),
        startsAt: capsule.sessionAt,
        endsAt: new Date(capsule.sessionAt.getTime() + 60 * 60_000),
        ...(capsule.eventRef ? { ref: capsule.eventRef } : {}),
      });
      if (eventRef !== capsule.eventRef) {
        await this.#deps.db.capsule.update({ where: { id: capsule.id }, data: { eventRef } });
      }
    } catch (error) {
      // The event is a convenience (missing permission is common): never block the capsule for it.
      this.#deps.logger.warn({ err: error, capsuleId: capsule.id }, 'could not sync the session event');
    }
  }

  async #card(capsule: Capsule, klass: Class) {
    const quizzes = await this.#deps.db.quiz.count({ where: { capsuleId: capsule.id } });
    const sequence = capsule.sequenceId
      ? await this.#deps.db.sequence.findUnique({ where: { id: capsule.sequenceId }, select: { pace: true } })
      : null;
    return capsuleCard(capsule, {
      t: this.#outbox.t(klass),
      formatDate: this.#outbox.formatter(klass),
      hasQuiz: quizzes > 0,
      hasPath: sequence?.pace === 'self',
    });
  }
}
