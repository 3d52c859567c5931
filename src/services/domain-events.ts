// What the services announce to the rest of the bot. Subscriptions are made in wiring.ts.
import { EventBus } from '../core/event-bus.ts';
import type { Capsule, Class } from '../db/models.ts';

/** The services' events and their payloads. */
export interface DomainEvents {
  /** A capsule is out in its channel (also when a retried publication finds it already posted). */
  'capsule.published': { capsule: Capsule; klass: Class };
  /** A quiz was added to a capsule that is already out, and posted. */
  'quiz.added': { capsule: Capsule; klass: Class };
  /** A teacher cancelled a capsule; its pending jobs are already cancelled. */
  'capsule.cancelled': { capsule: Capsule };
  /** A student marked a capsule watched (the first time). */
  'capsule.watched': { capsuleId: string; memberId: string };
  /** A student answered a question of a capsule's quiz (first answer or practice). */
  'quiz.answered': { capsuleId: string; memberId: string };
}

/** The bus the services emit their events on. */
export type DomainEventBus = EventBus<DomainEvents>;

export function createDomainEvents(): DomainEventBus {
  return new EventBus<DomainEvents>();
}
