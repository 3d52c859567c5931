// A whole core (real services, dispatcher, scheduler, database) in front of a recording platform,
// driven as people would: "as this member, run this command / press this button".

import type { Card } from '../../src/core/card.ts';
import { ManualClock } from '../../src/core/clock.ts';
import type { Reply } from '../../src/core/commands.ts';
import type { Actor, InboundEvent, MessageRef, Place } from '../../src/core/events.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { VideoMetadataFetcher } from '../../src/services/video-metadata.ts';
import type { Core, Feature } from '../../src/wiring.ts';
import { RecordingPlatform } from '../fakes/recording-platform.ts';
import { testCore } from './core.ts';
import type { TestDb } from './db.ts';

/** What one interaction produced for the one who acted. */
export interface Outcome {
  private: Card[];
  public: Card[];
  forms: { form: string; state?: string[] }[];
  updated: Card[];
}

export const place: Place = { platform: 'sandbox', workspaceId: 'school', channelId: 'class-4b' };

/** A test core around a database. */
export interface Harness extends Core {
  clock: ManualClock;
  platform: RecordingPlatform;
  as(actor: Actor): Person;
  /** Runs every due job, and flushes coalesced edits. */
  settle(): Promise<void>;
}

/** One member's hands. */
export interface Person {
  command(command: string, args?: Record<string, unknown>): Promise<Outcome>;
  click(action: string, args: string[], value?: string): Promise<Outcome>;
  submit(form: string, state: string[], values: Record<string, string>): Promise<Outcome>;
}

export function person(id: string, name: string, locale = 'fr'): Actor {
  return { platformUserId: id, displayName: name, locale };
}

export function harness(
  testDb: TestDb,
  start = new Date('2026-11-23T07:00:00Z'),
  features: Feature[] = [],
  logger?: Logger,
  extra: { videoMetadata?: VideoMetadataFetcher } = {},
): Harness {
  const clock = new ManualClock(start);
  const platform = new RecordingPlatform();
  const core = testCore({
    db: testDb.db,
    clock,
    platforms: [platform],
    features,
    ...(logger ? { logger } : {}),
    ...extra,
  });
  const run = async (actor: Actor, event: InboundEvent): Promise<Outcome> => {
    const outcome: Outcome = { private: [], public: [], forms: [], updated: [] };
    const asCard = (c: Card | string): Card => (typeof c === 'string' ? { text: c } : c);
    const reply: Reply = {
      async private(card) {
        outcome.private.push(asCard(card));
      },
      async public(card) {
        outcome.public.push(asCard(card));
        return platform.post({ workspaceId: place.workspaceId, channelId: place.channelId }, asCard(card));
      },
      async openForm(request) {
        outcome.forms.push(
          request.state ? { form: request.form, state: request.state } : { form: request.form },
        );
      },
      async update(card) {
        outcome.updated.push(card);
      },
    };
    await core.dispatcher.handle(event, { actor, place, reply });
    return outcome;
  };
  return {
    ...core,
    clock,
    platform,
    as: (actor) => ({
      command: (command, args = {}) => run(actor, { type: 'command', command, args: args as never }),
      click: (action, args, value) =>
        run(actor, { type: 'action', action, args, ...(value ? { value } : {}) }),
      submit: (form, state, values) => run(actor, { type: 'form', form, state, values }),
    }),
    async settle() {
      await core.scheduler.runDue();
      await core.services.quizzes.tallies.flush();
      await core.services.questions.cards.flush();
    },
  };
}

export function refOf(card: { ref: MessageRef }): string {
  return card.ref.messageId;
}
