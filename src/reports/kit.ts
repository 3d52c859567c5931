// The reports' own services, built once per core by reportsFeature() and handed to their commands,
// jobs and HTTP routes, so a command and a job of the same process use the same collaborators.
import type { Metrics } from '../core/metrics.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Services } from '../services/index.ts';
import { BriefService } from './brief.ts';
import { DigestCollector } from './digest/collect.ts';
import { DigestDelivery } from './digest/delivery.ts';
import { DigestPlans } from './digest/plans.ts';
import { DigestTeacher } from './digest/teacher.ts';
import { GuardianCodes } from './guardian-codes.ts';
import { GuardianService } from './guardians.ts';
import { KickoffService } from './kickoff.ts';

/** Every service of the reports feature. */
export interface ReportsKit {
  services: Services;
  brief: BriefService;
  guardians: GuardianService;
  codes: GuardianCodes;
  collector: DigestCollector;
  delivery: DigestDelivery;
  plans: DigestPlans;
  digest: DigestTeacher;
  /** The three texts that start the method (issue 14 §5). */
  kickoff: KickoffService;
}

/** Builds the reports' services for one core; mailer null: parents are reached by DM only. */
export function createReportsKit(services: Services, mailer: Mailer | null, metrics?: Metrics): ReportsKit {
  const collector = new DigestCollector(services.deps.db, services.deps.clock);
  const delivery = new DigestDelivery(services, mailer, collector, metrics);
  const plans = new DigestPlans(services);
  return {
    services,
    brief: new BriefService(services),
    guardians: new GuardianService(services),
    codes: new GuardianCodes(services),
    collector,
    delivery,
    plans,
    digest: new DigestTeacher(services, collector, delivery, plans),
    kickoff: new KickoffService(services, mailer),
  };
}
