// The reports feature: the teacher's brief and suggested groups, progress and CSV, guardians, the
// parents' weekly digest, and the teacher dashboard. It plugs into the core as a Feature (commands,
// jobs, the brief in every capsule's plan) and mounts its web routes on the bot's HTTP server.
//
// main.ts:
//   const mailer = config.mail ? createSmtpMailer(config.mail.smtpUrl, config.mail.from) : null;
//   const reports = reportsFeature({ mailer });
//   const core = assembleCore({ ..., features: [reports] });   // builds reports.kit, once
//   mountReports(http, reports.kit);
//   await ensureDigestPlans(reports.kit);   // before core.scheduler.start()

import type { Feature } from '../commands/feature.ts';
import type { Metrics } from '../core/metrics.ts';
import type { HttpServer } from '../http/server.ts';
import type { Mailer } from '../mail/mailer.ts';
import { briefJobHandler, briefPlan } from './brief.ts';
import { briefCommands } from './commands/brief-commands.ts';
import { digestCommands } from './commands/digest-commands.ts';
import { guardianCommands } from './commands/guardian-commands.ts';
import { kickoffActions, kickoffCommands } from './commands/kickoff-commands.ts';
import { progressCommands } from './commands/progress-command.ts';
import { mountDashboard } from './dashboard/routes.ts';
import { DIGEST_SEND } from './digest/delivery.ts';
import { DIGEST_PLAN, DIGEST_SWEEP } from './digest/plans.ts';
import { mountUnsubscribe } from './digest/unsubscribe.ts';
import { mountFeeds } from './feeds.ts';
import { createReportsKit, type ReportsKit } from './kit.ts';
import { mountReviewLinks } from './review-route.ts';

export { BRIEF_JOB, briefPlan } from './brief.ts';
export { DIGEST_SEND } from './digest/delivery.ts';
export { DIGEST_PLAN, DIGEST_SWEEP } from './digest/plans.ts';
export { unsubscribeUrl } from './digest/unsubscribe.ts';
export { createReportsKit, type ReportsKit } from './kit.ts';

/** Options of the reports feature. */
export interface ReportsOptions {
  /** Sends the parents' digests by e-mail; null when SMTP is not configured (DM-linked parents still get theirs). */
  mailer: Mailer | null;
  /** Counts digests sent and failed. */
  metrics?: Metrics;
}

/** The reports as a Feature, with the kit it builds when assembleCore attaches it. */
export interface ReportsFeature extends Feature {
  /** The reports' services for the core this feature was attached to; throws before that. */
  readonly kit: ReportsKit;
}

/** The Feature to pass to assembleCore; one per core. */
export function reportsFeature(options: ReportsOptions): ReportsFeature {
  let built: ReportsKit | null = null;
  return {
    planExtensions: [briefPlan],
    attach(services) {
      if (built) throw new Error('reportsFeature() is attached to one core only: make one per core');
      const kit = createReportsKit(services, options.mailer, options.metrics);
      built = kit;
      const guardians = guardianCommands(kit);
      const digest = digestCommands(kit);
      return {
        catalogue: {
          commands: [
            ...briefCommands(kit),
            ...progressCommands(),
            ...guardians.commands,
            ...digest.commands,
            ...kickoffCommands(),
          ],
          forms: [...guardians.forms, ...digest.forms],
          actions: kickoffActions(kit),
        },
        jobs: [
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
        ],
      };
    },
    get kit() {
      if (!built) throw new Error('the reports kit exists once assembleCore has attached the feature');
      return built;
    },
  };
}

/**
 * Mounts the dashboard (/dashboard…), the digest's unsubscribe page (/unsubscribe), and the class's
 * secret calendar and podcast (/calendar/<token>.ics, /podcast/<token>.xml), and the tracked review
 * links sent with wrong answers (/r/<signed id>).
 */
export function mountReports(http: HttpServer, kit: ReportsKit): void {
  mountDashboard(http, kit.services);
  mountUnsubscribe(http, kit.services);
  mountFeeds(http, kit.services);
  mountReviewLinks(http, kit.services);
}

/**
 * Makes sure every class has its weekly digest job, and schedules the hourly sweep that keeps it
 * so (classes set up later get theirs within the hour). Call once at start; safe to repeat.
 * Returns how many classes needed a plan.
 */
export function ensureDigestPlans(kit: ReportsKit): Promise<number> {
  return kit.plans.ensureAll();
}

/** The same for one class, at once (after /setup, if the lead wants no wait for the sweep). */
export async function ensureDigestPlan(kit: ReportsKit, classId: string): Promise<void> {
  const klass = await kit.services.deps.db.class.findUnique({ where: { id: classId } });
  if (klass) await kit.plans.ensure(klass);
}
