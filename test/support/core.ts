// The core as tests build it: real services, dispatcher and scheduler around a test database,
// with the settings every test shares (French class defaults, a fixed secret, no logs, and a short
// tally window so coalesced edits show within a test).
import type { Clock } from '../../src/core/clock.ts';
import { type Logger, silentLogger } from '../../src/core/logger.ts';
import type { Metrics } from '../../src/core/metrics.ts';
import type { ChatPlatform } from '../../src/core/platform.ts';
import type { Db } from '../../src/db/client.ts';
import { createI18n, type I18n } from '../../src/i18n/i18n.ts';
import type { VideoMetadataFetcher } from '../../src/services/video-metadata.ts';
import { assembleCore, type Core, type CoreParts, type Feature } from '../../src/wiring.ts';

/** What differs between tests. */
export interface TestCoreParts {
  db: Db;
  clock: Clock;
  platforms: ChatPlatform[];
  i18n?: I18n;
  features?: Feature[];
  tallyWindowMs?: number;
  instanceId?: string;
  metrics?: Metrics;
  logger?: Logger;
  videoMetadata?: VideoMetadataFetcher;
}

export function testCore(parts: TestCoreParts): Core {
  const full: CoreParts = {
    db: parts.db,
    clock: parts.clock,
    i18n: parts.i18n ?? createI18n('fr'),
    logger: parts.logger ?? silentLogger,
    platforms: parts.platforms,
    secret: 'test-secret',
    publicUrl: 'http://localhost:3000',
    defaults: { language: 'fr', timeZone: 'Europe/Paris' },
    instanceId: parts.instanceId ?? 'test',
    tallyWindowMs: parts.tallyWindowMs ?? 10,
    features: parts.features ?? [],
    ...(parts.metrics ? { metrics: parts.metrics } : {}),
    ...(parts.videoMetadata ? { videoMetadata: parts.videoMetadata } : {}),
  };
  return assembleCore(full);
}
