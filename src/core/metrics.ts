// What the bot tells operators about itself, as a neutral port: the core, the services, the
// scheduler and the platforms report events here and never import a metrics library. main.ts
// passes the Prometheus implementation (src/metrics/); tests and tools that do not look pass
// noMetrics.

/** How an interaction ended: answered, refused with a translated user error, or failed unexpectedly. */
export type InteractionOutcome = 'ok' | 'refused' | 'error';

/** How a job run ended, as the scheduler records it. */
export type JobRunResult = 'done' | 'skipped' | 'retried' | 'failed' | 'deferred';

/** Counters and timings the bot reports; every method is cheap and never throws. */
export interface Metrics {
  /** One inbound event (command, action, form, autocomplete) fully handled on a platform. */
  interaction(platform: string, kind: string, outcome: InteractionOutcome, seconds: number): void;
  /** One job run ended. */
  jobRun(kind: string, result: JobRunResult, seconds: number): void;
  /** A platform API call was refused or failed (rate limits are counted apart). */
  platformApiError(platform: string): void;
  /** A platform made the bot wait before calling it again (HTTP 429 or a known bucket). */
  rateLimitWait(platform: string, seconds: number): void;
  /** One parent's digest delivered, by e-mail or by direct message. */
  digestSent(channel: 'email' | 'dm'): void;
  /** One parent's digest that failed for good (its job used up its attempts). */
  digestFailed(): void;
  /** A database query failed; `code` is the driver's error code when it has one. */
  dbQueryError(code: string): void;
}

/** Metrics that go nowhere. */
export const noMetrics: Metrics = {
  interaction() {},
  jobRun() {},
  platformApiError() {},
  rateLimitWait() {},
  digestSent() {},
  digestFailed() {},
  dbQueryError() {},
};
