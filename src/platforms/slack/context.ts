// What every Slack listener works with, gathered once when the platform starts.
import type { Dispatcher } from '../../core/dispatcher.ts';
import type { Place } from '../../core/events.ts';
import type { HomeSource } from '../../core/home.ts';
import type { Logger } from '../../core/logger.ts';
import type { ProfileCache } from './locale.ts';
import type { SlackOutbound } from './outbound.ts';

/**
 * The part of the core services the Slack platform reads besides the dispatcher: the App Home's
 * data (who someone is in a class comes from `Dispatcher.whoIs`). `core.services` fits this shape.
 */
export interface SlackServices {
  home?: HomeSource;
}

/** Shared by the command, interaction and App Home listeners. */
export interface SlackContext {
  out: SlackOutbound;
  dispatcher: Dispatcher;
  profiles: ProfileCache;
  services: () => SlackServices | undefined;
  logger: Logger;
  /** How long a submitted form may take before its modal is closed and the answer comes later. */
  formDeadlineMs: number;
  /** Re-publishes someone's App Home (after they acted from it). */
  refreshHome(teamId: string, userId: string): Promise<void>;
}

/** A Slack channel as the core's Place: the workspace (team) and the channel. */
export function slackPlace(teamId: string, channelId: string | undefined): Place {
  return { platform: 'slack', workspaceId: teamId, channelId: channelId ?? '' };
}
