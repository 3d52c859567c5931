import { toStoredCommand, validateCommand } from './commands.ts';
import { json, type Route, type RouteContext, type RouteResult, route } from './router.ts';
import type { FakeState } from './state.ts';
import type { ApiObject } from './types.ts';
import { apiError, asRecord, formError } from './util.ts';

function wrongApp(ctx: RouteContext): RouteResult | null {
  return ctx.params.appId === ctx.state.applicationId ? null : json(403, apiError('Missing Access', 50001));
}

/** The command list a route works on, or an error answer for an unknown application or guild. */
function commandList(ctx: RouteContext): { list: ApiObject[]; guildId: string | null } | RouteResult {
  const error = wrongApp(ctx);
  if (error) return error;
  const guildId = ctx.params.guildId ?? null;
  if (!guildId) return { list: ctx.state.globalCommands, guildId };
  if (!ctx.state.guilds.has(guildId)) return json(403, apiError('Missing Access', 50001));
  let list = ctx.state.guildCommands.get(guildId);
  if (!list) {
    list = [];
    ctx.state.guildCommands.set(guildId, list);
  }
  return { list, guildId };
}

function isResult(value: unknown): value is RouteResult {
  return typeof value === 'object' && value !== null && 'status' in value;
}

function topLevelError(code: string, message: string): ApiObject {
  return apiError('Invalid Form Body', 50035, { _errors: [{ code, message }] });
}

/** Bulk overwrite. The body is a JSON array, which is why it is read from `rawBody`. */
function putCommands(ctx: RouteContext, raw: unknown): RouteResult {
  const target = commandList(ctx);
  if (isResult(target)) return target;
  if (!Array.isArray(raw)) return json(400, topLevelError('BASE_TYPE_ARRAY', 'Must be an array.'));
  if (raw.length > 100)
    return json(400, topLevelError('BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.'));
  for (const [i, command] of raw.entries()) {
    const error = validateCommand(command, i);
    if (error) return json(400, error);
  }
  const seen = new Set<string>();
  for (const [i, command] of raw.map(asRecord).entries()) {
    const key = `${String(command.type ?? 1)}:${String(command.name)}`;
    if (seen.has(key)) {
      return json(
        400,
        formError(
          `${i}.name`,
          'APPLICATION_COMMANDS_DUPLICATE_NAME',
          'Application command names must be unique',
        ),
      );
    }
    seen.add(key);
  }
  const stored = raw.map((command) => toStoredCommand(ctx.state, command, target.guildId, target.list));
  target.list.splice(0, target.list.length, ...stored);
  return json(200, stored);
}

function postCommand(ctx: RouteContext): RouteResult {
  const target = commandList(ctx);
  if (isResult(target)) return target;
  const error = validateCommand(ctx.body, 0);
  if (error) return json(400, error);
  const stored = toStoredCommand(ctx.state, ctx.body, target.guildId, target.list);
  const index = target.list.findIndex((c) => c.id === stored.id);
  // Discord answers 200 when a command of that name was overwritten, 201 when it is new.
  if (index >= 0) target.list[index] = stored;
  else target.list.push(stored);
  return json(index >= 0 ? 200 : 201, stored);
}

function deleteCommand(ctx: RouteContext): RouteResult {
  const target = commandList(ctx);
  if (isResult(target)) return target;
  const index = target.list.findIndex((c) => c.id === ctx.params.commandId);
  if (index < 0) return json(404, apiError('Unknown application command', 10063));
  target.list.splice(index, 1);
  return { status: 204 };
}

function applicationObject(state: FakeState): ApiObject {
  return {
    id: state.applicationId,
    name: state.botUser.username,
    icon: null,
    description: '',
    summary: '',
    type: null,
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: 'f'.repeat(64),
    flags: 0,
    hook: true,
    is_monetized: false,
    bot: state.apiUser(state.botUser),
    owner: {
      id: '100000000000000099',
      username: 'owner',
      discriminator: '0',
      avatar: null,
      global_name: null,
    },
    team: null,
    approximate_guild_count: state.guilds.size,
    interactions_endpoint_url: null,
    integration_types_config: { '0': {} },
  };
}

/** Gateway discovery, users, the application and its command registrations. */
export const appRoutes: Route[] = [
  route('GET', '/gateway/bot', ({ state }) =>
    json(200, {
      url: state.gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
    }),
  ),
  route('GET', '/gateway', ({ state }) => json(200, { url: state.gatewayUrl }), false),
  route('GET', '/users/@me', ({ state }) =>
    json(200, { ...state.apiUser(state.botUser), verified: true, mfa_enabled: false }),
  ),
  route('GET', '/users/:userId', ({ state, params }) => {
    const user = state.users.get(params.userId ?? '');
    return user ? json(200, state.apiUser(user)) : json(404, apiError('Unknown User', 10013));
  }),
  route('GET', '/applications/@me', ({ state }) => json(200, applicationObject(state))),
  route('GET', '/oauth2/applications/@me', ({ state }) => json(200, applicationObject(state))),
  route('GET', '/applications/:appId/commands', (ctx) => {
    const target = commandList(ctx);
    return isResult(target) ? target : json(200, target.list);
  }),
  route('PUT', '/applications/:appId/commands', (ctx) => putCommands(ctx, ctx.rawBody)),
  route('POST', '/applications/:appId/commands', postCommand),
  route('DELETE', '/applications/:appId/commands/:commandId', deleteCommand),
  route('GET', '/applications/:appId/guilds/:guildId/commands', (ctx) => {
    const target = commandList(ctx);
    return isResult(target) ? target : json(200, target.list);
  }),
  route('PUT', '/applications/:appId/guilds/:guildId/commands', (ctx) => putCommands(ctx, ctx.rawBody)),
  route('POST', '/applications/:appId/guilds/:guildId/commands', postCommand),
  route('DELETE', '/applications/:appId/guilds/:guildId/commands/:commandId', deleteCommand),
];
