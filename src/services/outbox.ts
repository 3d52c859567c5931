// The services' single way out to the platforms: picks the class's platform, stores message refs
// as JSON, and turns "DMs closed" into a remembered fact instead of an error to retry.
import type { Card } from '../core/card.ts';
import type { MessageRef, PlatformId } from '../core/events.ts';
import type { DirectResult } from '../core/platform.ts';
import type { Class, Member } from '../db/models.ts';
import { longStyle } from '../i18n/i18n.ts';
import type { ServiceDeps } from './deps.ts';
import { PostIntents } from './post-intents.ts';

/** Outcome of a private message. */
export type DirectOutcome = 'sent' | 'closed' | 'skipped';

export function parseRef(json: string | null): MessageRef | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as MessageRef;
  } catch {
    return null;
  }
}

export class Outbox {
  readonly #deps: ServiceDeps;
  /** Keyed posts written down before they leave, so a crash never makes them twice (issue 12). */
  readonly intents: PostIntents;

  constructor(deps: ServiceDeps) {
    this.#deps = deps;
    this.intents = new PostIntents(deps);
  }

  platformOf(klass: Pick<Class, 'platform'>) {
    return this.#deps.platforms.get(klass.platform as PlatformId);
  }

  /** Whether the class's platform is running in this process (a class of a disabled platform waits). */
  available(klass: Pick<Class, 'platform'>): boolean {
    return this.#deps.platforms.has(klass.platform as PlatformId);
  }

  /** Posts in the class channel (or a thread of it); a keyed post is made once, crashes included. */
  async post(
    klass: Class,
    card: Card,
    idempotencyKey?: string,
    thread?: MessageRef | null,
  ): Promise<MessageRef> {
    return this.postTo(klass, klass.channelId, card, idempotencyKey, thread);
  }

  /** Posts in another channel of the class's workspace (the teacher's brief channel). */
  async postTo(
    klass: Class,
    channelId: string,
    card: Card,
    idempotencyKey?: string,
    thread?: MessageRef | null,
  ): Promise<MessageRef> {
    const platform = this.platformOf(klass);
    const to = { workspaceId: klass.workspaceId, channelId };
    const where = thread ? { thread } : {};
    if (!idempotencyKey) return platform.post(to, card, where);
    const { ref } = await this.intents.once(idempotencyKey, klass.platform, async (resume) => ({
      ref: await platform.post(to, card, { ...where, idempotencyKey, ...(resume ? { resume } : {}) }),
    }));
    return ref;
  }

  async update(klass: Class, refJson: string | null, card: Card): Promise<void> {
    const ref = parseRef(refJson);
    if (ref) await this.platformOf(klass).update(ref, card);
  }

  /** A private message; members whose DMs are closed are not asked again. */
  async direct(klass: Class, member: Member, card: Card, idempotencyKey?: string): Promise<DirectOutcome> {
    if (member.dmClosedAt) return 'skipped';
    const result = await this.directTo(klass, member.platformUserId, card, idempotencyKey);
    if (result.status === 'closed') {
      await this.#deps.db.member.update({
        where: { id: member.id },
        data: { dmClosedAt: this.#deps.clock.now() },
      });
      this.#deps.logger.info(
        { memberId: member.id, classId: klass.id },
        'direct messages closed; not retried',
      );
      return 'closed';
    }
    return 'sent';
  }

  /** A private message to someone of the class's workspace; a keyed one is sent once, crashes included. */
  async directTo(
    klass: Class,
    platformUserId: string,
    card: Card,
    idempotencyKey?: string,
  ): Promise<DirectResult> {
    const platform = this.platformOf(klass);
    const to = { workspaceId: klass.workspaceId, platformUserId };
    if (!idempotencyKey) return platform.sendDirect(to, card);
    const result = await this.intents.once(`dm:${idempotencyKey}`, klass.platform, async (resume) => {
      const sent = await platform.sendDirect(to, card, { idempotencyKey, ...(resume ? { resume } : {}) });
      return sent.status === 'sent' ? { ref: sent.ref } : { ref: null };
    });
    return result.ref ? { status: 'sent', ref: result.ref } : { status: 'closed' };
  }

  t(klass: Pick<Class, 'language'>) {
    return this.#deps.i18n.t(klass.language);
  }

  /** A date as the class reads it: its language and time zone. */
  formatter(klass: Pick<Class, 'language' | 'timeZone'>, locale: string = klass.language) {
    const { i18n, clock } = this.#deps;
    return (date: Date) =>
      i18n.formatDate(date, locale, klass.timeZone, longStyle(date, clock.now(), klass.timeZone));
  }
}
