import { findCommand } from './commands.ts';
import { DEFAULT_APP_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS, type FakeState } from './state.ts';
import type { ApiObject, FakeUser } from './types.ts';
import { asArray, asNumber, asRecord, newSnowflake, newToken } from './util.ts';

/** The user interaction helpers act as when no `user` is given. */
export const DEFAULT_USER: FakeUser = {
  id: '200000000000000001',
  username: 'student',
  globalName: 'Student',
};

/** Who triggers an interaction, and where. Everything defaults: first guild, its first text channel, DEFAULT_USER. */
export interface InteractionOrigin {
  /** `null` sends the interaction from the user's DM with the bot (context 1, `user` instead of `member`). */
  guildId?: string | null;
  channelId?: string;
  user?: string | FakeUser;
  /** Defaults to the user's `locale`, then `en-US`. */
  locale?: string;
  guildLocale?: string;
  memberPermissions?: bigint | string;
  roles?: string[];
  nick?: string | null;
  appPermissions?: bigint | string;
}

/** A slash command option value; a bare value gets its type from the registered command, else from its JS type. */
export type OptionInput = string | number | boolean | { type: number; value: string | number | boolean };

/** Which command to invoke, with its options. */
export interface SlashCommandInput extends InteractionOrigin {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  /** Named values, or raw API options (`{ name, type, value }`) used as is. */
  options?: Record<string, OptionInput> | ApiObject[];
}

/** The payload of an interaction plus what the fake remembers to validate its callbacks. */
export interface BuiltInteraction {
  payload: ApiObject;
  channelId: string;
  guildId: string | null;
  user: FakeUser;
}

/** The common envelope of every interaction type, shaped like Discord's for discord.js 14.28. */
export function buildInteraction(
  state: FakeState,
  origin: InteractionOrigin,
  type: number,
  data: ApiObject,
): BuiltInteraction {
  const guildId = origin.guildId === undefined ? state.defaultGuild().id : origin.guildId;
  const guild = guildId ? state.guilds.get(guildId) : undefined;
  if (guildId && !guild) throw new Error(`Unknown fake guild ${guildId}`);
  const user = state.ensureUser(origin.user ?? DEFAULT_USER);
  const permissions = String(origin.memberPermissions ?? DEFAULT_MEMBER_PERMISSIONS);
  const channelId = guildId
    ? (origin.channelId ?? state.defaultChannelId(guildId))
    : String(state.dmChannel(user).id);
  const stored = state.channels.get(channelId);
  const channel = guildId
    ? { ...(stored ?? { id: channelId, type: 0, guild_id: guildId }), permissions }
    : { ...stored, recipients: [state.apiUser(user)] };
  const payload: ApiObject = {
    id: newSnowflake(),
    application_id: state.applicationId,
    type,
    data,
    token: newToken(),
    version: 1,
    locale: origin.locale ?? user.locale ?? 'en-US',
    app_permissions: String(origin.appPermissions ?? DEFAULT_APP_PERMISSIONS),
    entitlements: [],
    authorizing_integration_owners: guildId ? { '0': guildId } : { '1': user.id },
    context: guildId ? 0 : 1,
    attachment_size_limit: 10_485_760,
    channel,
    channel_id: channelId,
  };
  if (guild) {
    payload.guild_id = guild.id;
    payload.guild = { id: guild.id, locale: guild.preferredLocale, features: [] };
    payload.guild_locale = origin.guildLocale ?? guild.preferredLocale;
    payload.member = state.apiMember(user, {
      permissions,
      roles: origin.roles ?? [],
      nick: origin.nick ?? null,
    });
  } else {
    payload.user = state.apiUser(user);
  }
  return { payload, channelId, guildId: guild?.id ?? null, user };
}

/** The options of the registered command at the subcommand level the invocation targets. */
function schemaOptions(command: ApiObject | undefined, input: SlashCommandInput): ApiObject[] {
  let options = asArray(command?.options).map(asRecord);
  for (const [name, type] of [
    [input.subcommandGroup, 2],
    [input.subcommand, 1],
  ] as const) {
    if (!name) continue;
    options = asArray(options.find((o) => o.name === name && o.type === type)?.options).map(asRecord);
  }
  return options;
}

function inferType(value: string | number | boolean): number {
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
  return 3;
}

/** Adds the `resolved` entry Discord sends for user, channel, role and mentionable options. */
function resolve(state: FakeState, guildId: string | null, option: ApiObject, resolved: ApiObject): void {
  const id = String(option.value);
  const bucket = (key: string): ApiObject => {
    resolved[key] ??= {};
    return asRecord(resolved[key]);
  };
  const user = state.users.get(id);
  if ((option.type === 6 || option.type === 9) && user) {
    bucket('users')[id] = state.apiUser(user);
    if (guildId) {
      const { user: _omit, ...member } = state.apiMember(user, { permissions: DEFAULT_MEMBER_PERMISSIONS });
      bucket('members')[id] = member;
    }
  } else if (option.type === 7) {
    const channel = state.channels.get(id) ?? { id, type: 0, name: `channel-${id.slice(-4)}` };
    bucket('channels')[id] = { ...channel, permissions: DEFAULT_MEMBER_PERMISSIONS };
  } else if (option.type === 8 || option.type === 9) {
    bucket('roles')[id] = {
      id,
      name: `role-${id.slice(-4)}`,
      color: 0,
      hoist: false,
      position: 1,
      permissions: '0',
      managed: false,
      mentionable: true,
      flags: 0,
    };
  }
}

/**
 * `data` of an application command (or autocomplete) interaction: the registered command's id and option
 * types when it was registered through the fake, subcommand nesting, `resolved` entries and `focused`.
 */
export function commandData(
  state: FakeState,
  guildId: string | null,
  input: SlashCommandInput,
  focused?: string,
): ApiObject {
  const command = findCommand(state, input.name, guildId);
  const schema = schemaOptions(command, input);
  const resolved: ApiObject = {};
  let leaves: ApiObject[];
  if (Array.isArray(input.options)) {
    leaves = input.options.map((o) => ({ ...o }));
  } else {
    leaves = Object.entries(input.options ?? {}).map(([name, raw]) => {
      const explicit = typeof raw === 'object' ? raw : null;
      const value = explicit ? explicit.value : (raw as string | number | boolean);
      const type = explicit?.type ?? asNumber(schema.find((o) => o.name === name)?.type) ?? inferType(value);
      return { name, type, value };
    });
  }
  if (focused) {
    // Discord sends the focused option's partial input as a string, even for number options.
    let option = leaves.find((o) => o.name === focused);
    if (!option) {
      option = {
        name: focused,
        type: asNumber(schema.find((o) => o.name === focused)?.type) ?? 3,
        value: '',
      };
      leaves.push(option);
    }
    option.focused = true;
    option.value = String(option.value ?? '');
  }
  for (const option of leaves) resolve(state, guildId, option, resolved);
  let options = leaves;
  if (input.subcommand) options = [{ name: input.subcommand, type: 1, options }];
  if (input.subcommandGroup) options = [{ name: input.subcommandGroup, type: 2, options }];
  return {
    id: command?.id ?? newSnowflake(),
    name: input.name,
    type: 1,
    ...(typeof command?.guild_id === 'string' ? { guild_id: command.guild_id } : {}),
    ...(options.length > 0 ? { options } : {}),
    ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
  };
}
