// What every service is built from. Passed in by main.ts (and by tests); nothing is global.
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { PlatformRegistry } from '../core/platform.ts';
import type { Db } from '../db/client.ts';
import type { I18n } from '../i18n/i18n.ts';

/** A service's collaborators. */
export interface ServiceDeps {
  db: Db;
  clock: Clock;
  platforms: PlatformRegistry;
  i18n: I18n;
  logger: Logger;
  /** Keys the one-way hashes of anonymous authors and signs links. */
  secret: string;
  publicUrl: string;
  defaults: { language: string; timeZone: string };
}
