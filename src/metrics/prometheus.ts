// The Metrics port implemented with prom-client, on a Registry of its own per bot (never the
// library's global one): two bots in one process (tests, benches) keep separate figures.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { InteractionOutcome, JobRunResult, Metrics } from '../core/metrics.ts';

/** Jobs waiting or running, counted in the database when Prometheus scrapes. */
export interface JobCounts {
  /** Pending and due now. */
  due: number;
  /** Due for longer than the scheduler should ever take to pick them up. */
  late: number;
  /** Claimed by a worker and not finished. */
  running: number;
}

/** Options of {@link PrometheusMetrics}. */
export interface PrometheusOptions {
  /** Process figures (memory, CPU, event loop lag, GC): on for the bot, off for short-lived tests. */
  processMetrics?: boolean;
}

const interactionBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const jobBuckets = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60];

/** Prometheus figures of one bot, served by the /metrics route. */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  readonly contentType: string;
  #jobCounts: (() => Promise<JobCounts>) | null = null;
  #inFlight: Promise<JobCounts | null> | null = null;
  readonly #interactions: Counter<'platform' | 'kind' | 'outcome'>;
  readonly #interactionSeconds: Histogram<'platform' | 'kind'>;
  readonly #jobRuns: Counter<'kind' | 'result'>;
  readonly #jobsFailed: Counter<'kind'>;
  readonly #jobsRetried: Counter<'kind'>;
  readonly #jobSeconds: Histogram<'kind'>;
  readonly #apiErrors: Counter<'platform'>;
  readonly #rateLimitWaits: Counter<'platform'>;
  readonly #rateLimitSeconds: Counter<'platform'>;
  readonly #digestsSent: Counter<'channel'>;
  readonly #digestsFailed: Counter;
  readonly #dbErrors: Counter<'code'>;

  constructor(options: PrometheusOptions = {}) {
    const registers = [this.registry];
    this.contentType = this.registry.contentType;
    this.#interactions = new Counter({
      name: 'inverso_interactions_total',
      help: 'Commands, button clicks, forms and autocompletes handled, by platform, kind and outcome.',
      labelNames: ['platform', 'kind', 'outcome'],
      registers,
    });
    this.#interactionSeconds = new Histogram({
      name: 'inverso_interaction_duration_seconds',
      help: 'Time from receiving an interaction to its last answer, by platform and kind.',
      labelNames: ['platform', 'kind'],
      buckets: interactionBuckets,
      registers,
    });
    this.#jobRuns = new Counter({
      name: 'inverso_job_runs_total',
      help: 'Job runs by kind and result (done, skipped, retried, failed, deferred).',
      labelNames: ['kind', 'result'],
      registers,
    });
    this.#jobsFailed = new Counter({
      name: 'inverso_jobs_failed_total',
      help: 'Jobs that failed for good (the teacher is told), by kind.',
      labelNames: ['kind'],
      registers,
    });
    this.#jobsRetried = new Counter({
      name: 'inverso_jobs_retried_total',
      help: 'Job runs that failed and were put back for a retry after a back-off, by kind.',
      labelNames: ['kind'],
      registers,
    });
    this.#jobSeconds = new Histogram({
      name: 'inverso_job_duration_seconds',
      help: 'Time one job run took, by kind.',
      labelNames: ['kind'],
      buckets: jobBuckets,
      registers,
    });
    this.#apiErrors = new Counter({
      name: 'inverso_platform_api_errors_total',
      help: 'Platform API calls that were refused or failed (rate limits apart), by platform.',
      labelNames: ['platform'],
      registers,
    });
    this.#rateLimitWaits = new Counter({
      name: 'inverso_rate_limit_waits_total',
      help: 'Times a platform made the bot wait before calling it again, by platform.',
      labelNames: ['platform'],
      registers,
    });
    this.#rateLimitSeconds = new Counter({
      name: 'inverso_rate_limit_wait_seconds_total',
      help: 'Seconds spent waiting for platform rate limits, by platform.',
      labelNames: ['platform'],
      registers,
    });
    this.#digestsSent = new Counter({
      name: 'inverso_digests_sent_total',
      help: "Parents' weekly digests delivered, by channel (email or dm).",
      labelNames: ['channel'],
      registers,
    });
    this.#digestsFailed = new Counter({
      name: 'inverso_digests_failed_total',
      help: "Parents' weekly digests that failed for good (every attempt used).",
      registers,
    });
    this.#dbErrors = new Counter({
      name: 'inverso_db_query_errors_total',
      help: 'Database queries that failed, by error code (unknown when the driver gives none).',
      labelNames: ['code'],
      registers,
    });
    for (const channel of ['email', 'dm']) this.#digestsSent.inc({ channel }, 0);
    this.#jobGauge('inverso_jobs_due', 'Pending jobs whose due time has come.', 'due');
    this.#jobGauge(
      'inverso_jobs_late',
      'Pending jobs due for more than 2 minutes (the scheduler is behind or stopped).',
      'late',
    );
    this.#jobGauge('inverso_jobs_running', 'Jobs claimed by a bot and not finished yet.', 'running');
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Where the job gauges are read from at each scrape (main.ts: the Job table). */
  watchJobs(source: () => Promise<JobCounts>): void {
    this.#jobCounts = source;
  }

  /** The text exposition format, for the /metrics route. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  interaction(platform: string, kind: string, outcome: InteractionOutcome, seconds: number): void {
    this.#interactions.inc({ platform, kind, outcome });
    this.#interactionSeconds.observe({ platform, kind }, seconds);
  }

  jobRun(kind: string, result: JobRunResult, seconds: number): void {
    this.#jobRuns.inc({ kind, result });
    this.#jobSeconds.observe({ kind }, seconds);
    if (result === 'failed') this.#jobsFailed.inc({ kind });
    if (result === 'retried') this.#jobsRetried.inc({ kind });
  }

  platformApiError(platform: string): void {
    this.#apiErrors.inc({ platform });
  }

  rateLimitWait(platform: string, seconds: number): void {
    this.#rateLimitWaits.inc({ platform });
    this.#rateLimitSeconds.inc({ platform }, Math.max(0, seconds));
  }

  digestSent(channel: 'email' | 'dm'): void {
    this.#digestsSent.inc({ channel });
  }

  digestFailed(): void {
    this.#digestsFailed.inc();
  }

  dbQueryError(code: string): void {
    this.#dbErrors.inc({ code });
  }

  #jobGauge(name: string, help: string, field: keyof JobCounts): void {
    const counts = () => this.#countJobs();
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        const value = await counts();
        // Unknown (database unreachable): no sample rather than a misleading zero.
        if (value) this.set(value[field]);
        else this.reset();
      },
    });
  }

  /** One database count per scrape, shared by the three gauges collected side by side. */
  #countJobs(): Promise<JobCounts | null> {
    const source = this.#jobCounts;
    if (!source) return Promise.resolve(null);
    this.#inFlight ??= source()
      .catch(() => null)
      .finally(() => {
        this.#inFlight = null;
      });
    return this.#inFlight;
  }
}
