// The services' single way out to the platforms: picks the class's platform, stores message refs
// as JSON, and turns "DMs closed" into a remembered fact instead of an error to retry.
import type { Card } from '../core/card.ts';
import type { MessageRef, PlatformId } from '../core/events.ts';
import type { Class, Member } from '../db/models.ts';
import { longStyle } from '../i18n/i18n.ts';
import type { ServiceDeps } from './deps.ts';

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

  constructor(deps: ServiceDeps) {
    this.#deps = deps;
  }

  platformOf(klass: Pick<Class, 'platform'>) {
    return this.#deps.platforms.get(klass.platform as PlatformId);
  }

  /** Whether the class's platform is running in this process (a class of a disabled platform waits). */
  available(klass: Pick<Class, 'platform'>): boolean {
    return this.#deps.platforms.has(klass.platform as PlatformId);
  }

  async post(
    klass: Class,
    card: Card,
    idempotencyKey?: string,
    thread?: MessageRef | null,
  ): Promise<MessageRef> {
    return this.platformOf(klass).post({ workspaceId: klass.workspaceId, channelId: klass.channelId }, card, {
      ...(idempotencyKey ? { idempotencyKey } : {}),
      ...(thread ? { thread } : {}),
    });
  }

  async update(klass: Class, refJson: string | null, card: Card): Promise<void> {
    const ref = parseRef(refJson);
    if (ref) await this.platformOf(klass).update(ref, card);
  }

  /** A private message; members whose DMs are closed are not asked again. */
  async direct(klass: Class, member: Member, card: Card, idempotencyKey?: string): Promise<DirectOutcome> {
    if (member.dmClosedAt) return 'skipped';
    const result = await this.platformOf(klass).sendDirect(
      { workspaceId: klass.workspaceId, platformUserId: member.platformUserId },
      card,
      idempotencyKey ? { idempotencyKey } : undefined,
    );
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
