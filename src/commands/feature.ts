// The shape of a feature that plugs into the core (reports today). It lives below wiring.ts so a
// feature can declare itself without importing the module that assembles it.
import type { JobHandler } from '../scheduler/types.ts';
import type { PlanExtension } from '../services/capsule-jobs.ts';
import type { Services } from '../services/index.ts';
import type { CatalogueExtension } from './index.ts';

/** What a feature adds once it has the core's services. */
export interface FeatureParts {
  catalogue?: CatalogueExtension;
  jobs?: JobHandler[];
}

/** A feature adds commands, jobs and capsule jobs without the core knowing it. */
export interface Feature {
  /** Jobs the feature adds to every capsule's plan; needed before the services are built. */
  planExtensions?: PlanExtension[];
  /** Called once by assembleCore with the core's services: the feature builds its own parts here. */
  attach(services: Services): FeatureParts;
}
