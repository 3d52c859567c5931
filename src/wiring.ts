// Assembles the platform-neutral part of the bot from its collaborators: services, catalogue,
// dispatcher and scheduler. main.ts calls it with real clients; tests call it with fakes.
import type { Feature } from './commands/feature.ts';
import { buildCatalogue, suggester } from './commands/index.ts';
import type { Clock } from './core/clock.ts';
import { Dispatcher } from './core/dispatcher.ts';
import { MemoryDrafts } from './core/form-drafts.ts';
import type { Logger } from './core/logger.ts';
import type { Metrics } from './core/metrics.ts';
import { type ChatPlatform, platformRegistry } from './core/platform.ts';
import { logUnexpected } from './core/unexpected.ts';
import type { Db } from './db/client.ts';
import type { I18n } from './i18n/i18n.ts';
import { Scheduler } from './scheduler/scheduler.ts';
import { createServices, type Services } from './services/index.ts';
import { capsuleJobHandlers } from './services/jobs/capsule-handlers.ts';
import { teacherFailureReporter } from './services/jobs/failure-report.ts';
import { maintenanceJobHandlers } from './services/jobs/maintenance-jobs.ts';
import { pathJobHandlers } from './services/jobs/path-jobs.ts';
import type { VideoMetadataFetcher } from './services/video-metadata.ts';

export type { Feature } from './commands/feature.ts';

/** What the core is built from. */
export interface CoreParts {
  db: Db;
  clock: Clock;
  i18n: I18n;
  logger: Logger;
  platforms: ChatPlatform[];
  secret: string;
  publicUrl: string;
  defaults: { language: string; timeZone: string };
  instanceId: string;
  retentionDays?: number;
  tallyWindowMs?: number;
  /** When true, platforms count as up only once main.ts marks them started (real start-up). */
  platformsStartLater?: boolean;
  /** Features that plug into the core (reports): extra commands, jobs and capsule job plans. */
  features?: Feature[];
  /** Told about interactions and job runs (the /metrics figures). */
  metrics?: Metrics;
  /** Reads title, length and file of video links (config VIDEO_METADATA); absent: never looked up. */
  videoMetadata?: VideoMetadataFetcher | null;
  /** Jobs of a batch run side by side (the scheduler's default when absent). */
  schedulerConcurrency?: number;
}

/** The assembled core. */
export interface Core {
  services: Services;
  dispatcher: Dispatcher<Services>;
  scheduler: Scheduler;
}

export function assembleCore(parts: CoreParts): Core {
  const features = parts.features ?? [];
  const services = createServices(
    {
      db: parts.db,
      clock: parts.clock,
      platforms: platformRegistry(parts.platforms, !parts.platformsStartLater),
      i18n: parts.i18n,
      logger: parts.logger,
      secret: parts.secret,
      publicUrl: parts.publicUrl,
      defaults: parts.defaults,
    },
    {
      retentionDays: parts.retentionDays,
      tallyWindowMs: parts.tallyWindowMs,
      planExtensions: features.flatMap((f) => f.planExtensions ?? []),
      videoMetadata: parts.videoMetadata ?? null,
    },
  );
  subscribeServices(services);
  // Each feature builds its parts once, for this core: commands, jobs and routes share them.
  const attached = features.map((f) => f.attach(services));
  const dispatcher = new Dispatcher<Services>({
    catalogue: buildCatalogue(attached.flatMap((p) => (p.catalogue ? [p.catalogue] : []))),
    services,
    directory: services.classes,
    i18n: parts.i18n,
    logger: parts.logger,
    now: () => parts.clock.now(),
    suggest: suggester(services),
    ...(parts.metrics ? { metrics: parts.metrics } : {}),
    drafts: new MemoryDrafts({ now: () => parts.clock.now() }),
  });
  const scheduler = new Scheduler({
    db: parts.db,
    clock: parts.clock,
    logger: parts.logger,
    instanceId: parts.instanceId,
    handlers: [
      ...capsuleJobHandlers(services),
      ...maintenanceJobHandlers(services),
      ...pathJobHandlers(services),
      ...attached.flatMap((p) => p.jobs ?? []),
    ],
    onFailed: teacherFailureReporter(services),
    ...(parts.schedulerConcurrency ? { concurrency: parts.schedulerConcurrency } : {}),
    ...(parts.metrics ? { metrics: parts.metrics } : {}),
  });
  return { services, dispatcher, scheduler };
}

/** How the services react to each other's events: the one place these links are made. */
function subscribeServices({ events, quizzes, publisher, paths, deps }: Services): void {
  // Students find the quiz right under the capsule it is about.
  events.on('capsule.published', ({ capsule, klass }) => quizzes.postForCapsule(capsule, klass));
  // The capsule's card offers the quiz button only once there is a quiz.
  events.on('quiz.added', ({ capsule, klass }) => publisher.refreshCapsule(capsule, klass));
  // Nobody should keep answering about a session that will not happen.
  events.on('capsule.cancelled', ({ capsule }) => quizzes.closeForCapsule(capsule.id));
  // Self-paced sequences open the next capsule for a student who mastered this one (issue 14 §1).
  // The click already counted: a failure here is logged and caught up by the next sync, not shown.
  const progressed = async ({ capsuleId, memberId }: { capsuleId: string; memberId: string }) => {
    try {
      await paths.onProgress(memberId, capsuleId);
    } catch (error) {
      logUnexpected(deps.logger, error, 'could not open the next capsule of a path', { capsuleId, memberId });
    }
  };
  events.on('capsule.watched', progressed);
  events.on('quiz.answered', progressed);
}
