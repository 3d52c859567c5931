import { json, type Route, type RouteContext, type RouteResult, route } from './router.ts';
import type { ApiObject } from './types.ts';
import { apiError, asNumber, asRecord, asString, formError, newSnowflake } from './util.ts';

function unknownGuild(ctx: RouteContext): RouteResult | null {
  return ctx.state.guilds.has(ctx.params.guildId ?? '') ? null : json(404, apiError('Unknown Guild', 10004));
}

function toDiscordTime(value: unknown): string | null {
  const text = asString(value);
  if (!text) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString().replace('Z', '+00:00');
}

/**
 * Checks a scheduled event the way Discord does: required fields per entity type, and no start in the past
 * (a real bug source when a bot computes dates in the wrong time zone). Returns the error body or null.
 */
function validateEvent(event: ApiObject, startChanged: boolean): ApiObject | null {
  const name = asString(event.name) ?? '';
  if (name.length < 1 || name.length > 100)
    return formError('name', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  if ((asString(event.description) ?? '').length > 1000) {
    return formError('description', 'BASE_TYPE_MAX_LENGTH', 'Must be 1000 or fewer in length.');
  }
  if (event.privacy_level !== 2)
    return formError('privacy_level', 'BASE_TYPE_CHOICES', 'Value must be one of {2}.');
  const entityType = asNumber(event.entity_type);
  if (entityType !== 1 && entityType !== 2 && entityType !== 3) {
    return formError('entity_type', 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3}.');
  }
  const start = toDiscordTime(event.scheduled_start_time);
  if (!start) return formError('scheduled_start_time', 'BASE_TYPE_REQUIRED', 'This field is required');
  if (startChanged && Date.parse(start) < Date.now()) {
    return formError(
      'scheduled_start_time',
      'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST',
      'Cannot schedule event in the past.',
    );
  }
  const end = toDiscordTime(event.scheduled_end_time);
  if (entityType === 3) {
    const location = asString(asRecord(event.entity_metadata).location) ?? '';
    if (location.length < 1 || location.length > 100) {
      return formError(
        'entity_metadata.location',
        'BASE_TYPE_BAD_LENGTH',
        'Must be between 1 and 100 in length.',
      );
    }
    if (!end) return formError('scheduled_end_time', 'BASE_TYPE_REQUIRED', 'This field is required');
  } else if (!asString(event.channel_id)) {
    return formError('channel_id', 'BASE_TYPE_REQUIRED', 'This field is required');
  }
  if (end && Date.parse(end) <= Date.parse(start)) {
    return formError(
      'scheduled_end_time',
      'GUILD_SCHEDULED_EVENT_END_BEFORE_START',
      'End time must be after start time.',
    );
  }
  return null;
}

/** The event addressed by the route, if it exists in that guild. */
function eventIn(ctx: RouteContext): ApiObject | null {
  const event = ctx.state.scheduledEvents.get(ctx.params.eventId ?? '');
  return event && event.guild_id === ctx.params.guildId ? event : null;
}

const UNKNOWN_EVENT = json(404, apiError('Unknown Guild Scheduled Event', 10070));

const EVENT_FIELDS = [
  'channel_id',
  'entity_metadata',
  'name',
  'privacy_level',
  'scheduled_start_time',
  'scheduled_end_time',
  'description',
  'entity_type',
  'status',
  'image',
  'recurrence_rule',
] as const;

/** Guild lookups, members and scheduled events. */
export const guildRoutes: Route[] = [
  route('GET', '/guilds/:guildId', (ctx) => {
    const guild = ctx.state.guilds.get(ctx.params.guildId ?? '');
    return guild ? json(200, ctx.state.apiGuild(guild, false)) : json(404, apiError('Unknown Guild', 10004));
  }),
  route('GET', '/guilds/:guildId/channels', (ctx) => {
    const guild = ctx.state.guilds.get(ctx.params.guildId ?? '');
    if (!guild) return json(404, apiError('Unknown Guild', 10004));
    return json(
      200,
      guild.channelIds.map((id) => ctx.state.channels.get(id)),
    );
  }),
  route('GET', '/guilds/:guildId/members/:userId', (ctx) => {
    const error = unknownGuild(ctx);
    if (error) return error;
    const user = ctx.state.users.get(ctx.params.userId ?? '');
    return user ? json(200, ctx.state.apiMember(user)) : json(404, apiError('Unknown Member', 10007));
  }),
  route('GET', '/guilds/:guildId/scheduled-events', (ctx) => {
    const error = unknownGuild(ctx);
    if (error) return error;
    return json(
      200,
      [...ctx.state.scheduledEvents.values()].filter((e) => e.guild_id === ctx.params.guildId),
    );
  }),
  route('POST', '/guilds/:guildId/scheduled-events', (ctx) => {
    const error = unknownGuild(ctx);
    if (error) return error;
    const invalid = validateEvent(ctx.body, true);
    if (invalid) return json(400, invalid);
    const { state, body } = ctx;
    const event: ApiObject = {
      id: newSnowflake(),
      guild_id: ctx.params.guildId,
      channel_id: body.entity_type === 3 ? null : (asString(body.channel_id) ?? null),
      creator_id: state.botUser.id,
      name: body.name,
      description: asString(body.description) ?? null,
      scheduled_start_time: toDiscordTime(body.scheduled_start_time),
      scheduled_end_time: toDiscordTime(body.scheduled_end_time),
      privacy_level: 2,
      status: 1,
      entity_type: body.entity_type,
      entity_id: null,
      entity_metadata: body.entity_type === 3 ? { location: asRecord(body.entity_metadata).location } : null,
      creator: state.apiUser(state.botUser),
      user_count: 0,
      image: null,
      recurrence_rule: body.recurrence_rule ?? null,
    };
    state.scheduledEvents.set(String(event.id), event);
    return json(200, event);
  }),
  route('GET', '/guilds/:guildId/scheduled-events/:eventId', (ctx) => {
    const event = eventIn(ctx);
    return event ? json(200, event) : UNKNOWN_EVENT;
  }),
  route('PATCH', '/guilds/:guildId/scheduled-events/:eventId', (ctx) => {
    const event = eventIn(ctx);
    if (!event) return UNKNOWN_EVENT;
    const next: ApiObject = { ...event };
    for (const field of EVENT_FIELDS) if (ctx.body[field] !== undefined) next[field] = ctx.body[field];
    const startChanged = ctx.body.scheduled_start_time !== undefined && event.status === 1;
    const invalid = validateEvent(next, startChanged);
    if (invalid) return json(400, invalid);
    // Discord only allows SCHEDULED -> ACTIVE/CANCELED and ACTIVE -> COMPLETED.
    const from = asNumber(event.status);
    const to = asNumber(next.status);
    const allowed = from === to || (from === 1 && (to === 2 || to === 4)) || (from === 2 && to === 3);
    if (!allowed)
      return json(
        400,
        formError('status', 'GUILD_SCHEDULED_EVENT_INVALID_STATUS', 'Invalid status transition.'),
      );
    next.scheduled_start_time = toDiscordTime(next.scheduled_start_time);
    next.scheduled_end_time = toDiscordTime(next.scheduled_end_time);
    if (next.entity_type !== 3) next.entity_metadata = null;
    else next.channel_id = null;
    ctx.state.scheduledEvents.set(String(event.id), next);
    return json(200, next);
  }),
  route('DELETE', '/guilds/:guildId/scheduled-events/:eventId', (ctx) => {
    const event = eventIn(ctx);
    if (!event) return UNKNOWN_EVENT;
    ctx.state.scheduledEvents.delete(String(event.id));
    return { status: 204 };
  }),
];
