// The operator's routes in one place: /healthz (alive), /readyz (able to work) and /metrics
// (Prometheus, token-protected beyond loopback). main.ts mounts them with what they read.
import type { Logger } from '../core/logger.ts';
import { isLoopback, type MetricsSource, metricsRoute } from './metrics-route.ts';
import { liveRoute, type ReadinessChecks, readyRoute } from './readiness.ts';
import type { HttpServer } from './server.ts';

/** What the operator's routes read. */
export interface OperationsOptions extends ReadinessChecks {
  metrics: MetricsSource;
  /** METRICS_TOKEN, or null. */
  metricsToken: string | null;
  /** HOST the server listens on. */
  host: string;
  logger: Logger;
}

export function mountOperations(http: HttpServer, options: OperationsOptions): void {
  const { logger } = options;
  http.route('GET', '/healthz', liveRoute(options.databaseNow));
  http.route('GET', '/readyz', readyRoute(options, logger));
  http.route(
    'GET',
    '/metrics',
    metricsRoute(options.metrics, { token: options.metricsToken, host: options.host }),
  );
  if (!options.metricsToken && !isLoopback(options.host)) {
    logger.warn(
      { host: options.host },
      'the HTTP server listens beyond 127.0.0.1 and METRICS_TOKEN is not set: /metrics stays closed',
    );
  }
}
