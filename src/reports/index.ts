// The reports feature: the teacher's brief and suggested groups, progress and CSV, guardians, the
// parents' weekly digest, and the teacher dashboard. It plugs into the core as a Feature (commands,
// jobs, the brief in every capsule's plan) and mounts its web routes on the bot's HTTP server.
//
// main.ts:
//   const mailer = config.mail ? createSmtpMailer(config.mail.smtpUrl, config.mail.from) : null;
//   const core = assembleCore({ ..., features: [reportsFeature({ mailer })] });
//   mountReports(http, core.services);
//   await ensureDigestPlans(core.services);   // before core.scheduler.start()

import type { Metrics } from '../core/metrics.ts';
import { mountDashboard } from '../dashboard/routes.ts';
import type { HttpServer } from '../http/server.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { JobHandler } from '../scheduler/types.ts';
import type { Services } from '../services/index.ts';
import type { Feature } from '../wiring.ts';
import { briefJobHandler, briefPlan } from './brief.ts';
import { briefCommands } from './commands/brief-commands.ts';
import { digestCommands } from './commands/digest-commands.ts';
import { guardianCommands } from './commands/guardian-commands.ts';
import { progressCommands } from './commands/progress-command.ts';
import { DIGEST_SEND } from './digest/delivery.ts';
import { DIGEST_PLAN, DIGEST_SWEEP } from './digest/plans.ts';
import { mountUnsubscribe } from './digest/unsubscribe.ts';
import { kitOf } from './kit.ts';

export { BRIEF_JOB, briefPlan } from './brief.ts';
export { DIGEST_SEND } from './digest/delivery.ts';
export { DIGEST_PLAN, DIGEST_SWEEP } from './digest/plans.ts';
export { unsubscribeUrl } from './digest/unsubscribe.ts';
export { kitOf, type ReportsKit } from './kit.ts';

/** Options of the reports feature. */
export interface ReportsOptions {
  /** Sends the parents' digests by e-mail; null when SMTP is not configured (DM-linked parents still get theirs). */
  mailer: Mailer | null;
  /** Counts digests sent and failed. */
  metrics?: Metrics;
}

/** The Feature to pass to assembleCore. */
export function reportsFeature(options: ReportsOptions): Feature {
  return {
    catalogue(services) {
      const kit = kitOf(services, options.mailer, options.metrics);
      const guardians = guardianCommands(kit);
      const digest = digestCommands(kit);
      return {
        commands: [...briefCommands(kit), ...progressCommands(), ...guardians.commands, ...digest.commands],
        forms: [...guardians.forms, ...digest.forms],
        actions: [],
      };
    },
    jobs(services): JobHandler[] {
      const kit = kitOf(services, options.mailer, options.metrics);
      return [
        briefJobHandler(kit.brief),
        { kind: DIGEST_PLAN, run: (job) => kit.plans.runPlan(job) },
        {
          kind: DIGEST_SEND,
          run: async (job) => {
            try {
              return await kit.delivery.run(job);
            } catch (error) {
              // The scheduler gives up after this attempt: this parent gets no digest this week.
              if (job.attempts >= job.maxAttempts) options.metrics?.digestFailed();
              throw error;
            }
          },
        },
        { kind: DIGEST_SWEEP, run: () => kit.plans.runSweep() },
      ];
    },
    planExtensions: [briefPlan],
  };
}

/** Mounts the dashboard (/dashboard…) and the digest's unsubscribe page (/unsubscribe). */
export function mountReports(http: HttpServer, services: Services): void {
  mountDashboard(http, services);
  mountUnsubscribe(http, services);
}

/**
 * Makes sure every class has its weekly digest job, and schedules the hourly sweep that keeps it
 * so (classes set up later get theirs within the hour). Call once at start; safe to repeat.
 * Returns how many classes needed a plan.
 */
export function ensureDigestPlans(services: Services): Promise<number> {
  return kitOf(services).plans.ensureAll();
}

/** The same for one class, at once (after /setup, if the lead wants no wait for the sweep). */
export async function ensureDigestPlan(services: Services, classId: string): Promise<void> {
  const klass = await services.deps.db.class.findUnique({ where: { id: classId } });
  if (klass) await kitOf(services).plans.ensure(klass);
}
