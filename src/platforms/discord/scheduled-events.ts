// Class sessions as Discord scheduled events, so students get Discord's own reminders. Events are
// "external" (a place outside voice channels): Discord then requires a location and an end time.
// The bot needs Create Events (its own events) or Manage Events; without either it skips quietly
// rather than collecting 403s, which Discord counts against the bot's invalid-request budget.
import { type Client, PermissionFlagsBits, type REST, Routes } from 'discord.js';
import type { ChannelAddress, SessionEvent } from '../../core/platform.ts';
import { CODES, hasCode } from './discord-errors.ts';
import { clip, LIMITS } from './limits.ts';

const EXTERNAL = 3;
const GUILD_ONLY = 2;

/** Thrown (and logged as a warning by the core) when the bot may not create events in a guild. */
export class EventsNotAllowed extends Error {}

function canManageEvents(client: Client, guildId: string): boolean {
  const me = client.guilds.cache.get(guildId)?.members.me;
  // Unknown (not cached yet): try, and let Discord say.
  if (!me) return true;
  return me.permissions.any([PermissionFlagsBits.CreateEvents, PermissionFlagsBits.ManageEvents]);
}

/** Where the session happens: the class channel, by name and as a link that opens it. */
function location(client: Client, where: ChannelAddress): string {
  const link = `https://discord.com/channels/${where.workspaceId}/${where.channelId}`;
  const channel = client.channels.cache.get(where.channelId);
  const name = channel && 'name' in channel && channel.name ? `#${channel.name} · ` : '';
  return clip(`${name}${link}`, LIMITS.eventLocation);
}

/** Creates or updates the scheduled event of a class session; returns its id. */
export async function upsertEvent(
  client: Client,
  rest: REST,
  where: ChannelAddress,
  event: SessionEvent,
): Promise<string> {
  if (!canManageEvents(client, where.workspaceId)) {
    throw new EventsNotAllowed(
      `Discord: no Create Events permission in guild ${where.workspaceId}; the session event is skipped`,
    );
  }
  const body = {
    name: clip(event.name, LIMITS.eventName),
    description: clip(event.description, LIMITS.eventDescription),
    scheduled_start_time: event.startsAt.toISOString(),
    scheduled_end_time: event.endsAt.toISOString(),
    privacy_level: GUILD_ONLY,
    entity_type: EXTERNAL,
    entity_metadata: { location: location(client, where) },
  };
  if (event.ref) {
    try {
      await rest.patch(Routes.guildScheduledEvent(where.workspaceId, event.ref), { body });
      return event.ref;
    } catch (error) {
      // Deleted by hand in Discord: make it again rather than fail every edit.
      if (!hasCode(error, CODES.unknownEvent)) throw error;
    }
  }
  const created = (await rest.post(Routes.guildScheduledEvents(where.workspaceId), { body })) as {
    id: string;
  };
  return created.id;
}

/** Deletes a session's event (one already gone is fine). */
export async function cancelEvent(rest: REST, where: ChannelAddress, ref: string): Promise<void> {
  try {
    await rest.delete(Routes.guildScheduledEvent(where.workspaceId, ref));
  } catch (error) {
    if (!hasCode(error, CODES.unknownEvent)) throw error;
  }
}
