// Assembles the platform-neutral part of the bot from its collaborators: services, catalogue,
// dispatcher and scheduler. main.ts calls it with real clients; tests call it with fakes.
import { buildCatalogue, type CatalogueExtension, suggester } from './commands/index.ts';
import type { Clock } from './core/clock.ts';
import { Dispatcher } from './core/dispatcher.ts';
import { MemoryDrafts } from './core/form-drafts.ts';
import type { Logger } from './core/logger.ts';
import { type ChatPlatform, platformRegistry } from './core/platform.ts';
import type { Db } from './db/client.ts';
import type { I18n } from './i18n/i18n.ts';
import { capsuleJobHandlers } from './scheduler/jobs/capsule-jobs.ts';
import { teacherFailureReporter } from './scheduler/jobs/failure-report.ts';
import { maintenanceJobHandlers } from './scheduler/jobs/maintenance-jobs.ts';
import { Scheduler } from './scheduler/scheduler.ts';
import type { JobHandler } from './scheduler/types.ts';
import type { PlanExtension } from './services/capsule-jobs.ts';
import { createServices, type Services } from './services/index.ts';

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
}

/** A feature adds commands, jobs and capsule jobs without the core knowing it. */
export interface Feature {
  catalogue?: (services: Services) => CatalogueExtension;
  jobs?: (services: Services) => JobHandler[];
  planExtensions?: PlanExtension[];
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
    },
  );
  const dispatcher = new Dispatcher<Services>({
    catalogue: buildCatalogue(features.flatMap((f) => (f.catalogue ? [f.catalogue(services)] : []))),
    services,
    directory: services.classes,
    i18n: parts.i18n,
    logger: parts.logger,
    now: () => parts.clock.now(),
    suggest: suggester(services),
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
      ...features.flatMap((f) => (f.jobs ? f.jobs(services) : [])),
    ],
    onFailed: teacherFailureReporter(services),
  });
  return { services, dispatcher, scheduler };
}
