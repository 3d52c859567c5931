import type { FakeState } from './state.ts';
import type { ApiObject } from './types.ts';
import { asArray, asNumber, asRecord, asString, formError, newSnowflake } from './util.ts';

/** Discord's rule for command and option names (chat input commands must also be lower case). */
const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkName(path: string, name: unknown, chatInput: boolean): ApiObject | null {
  const value = asString(name);
  if (!value || !NAME_PATTERN.test(value) || (chatInput && value !== value.toLowerCase())) {
    return formError(path, 'APPLICATION_COMMAND_INVALID_NAME', `Command name is invalid: ${String(name)}`);
  }
  return null;
}

function checkDescription(path: string, description: unknown): ApiObject | null {
  const value = asString(description) ?? '';
  if (value.length < 1 || value.length > 100) {
    return formError(path, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
  return null;
}

function checkLocalizations(
  path: string,
  raw: unknown,
  isName: boolean,
  chatInput: boolean,
): ApiObject | null {
  for (const [locale, value] of Object.entries(asRecord(raw))) {
    const error = isName
      ? checkName(`${path}.${locale}`, value, chatInput)
      : checkDescription(`${path}.${locale}`, value);
    if (error) return error;
  }
  return null;
}

function checkOptions(path: string, raw: unknown): ApiObject | null {
  const options = asArray(raw).map(asRecord);
  if (options.length > 25) return formError(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  let sawOptional = false;
  const names = new Set<string>();
  for (const [i, option] of options.entries()) {
    const at = `${path}.${i}`;
    const error =
      checkName(`${at}.name`, option.name, true) ??
      checkDescription(`${at}.description`, option.description) ??
      checkLocalizations(`${at}.name_localizations`, option.name_localizations, true, true) ??
      checkLocalizations(`${at}.description_localizations`, option.description_localizations, false, true);
    if (error) return error;
    const name = asString(option.name) ?? '';
    if (names.has(name))
      return formError(
        `${at}.name`,
        'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
        'Option names must be unique',
      );
    names.add(name);
    if (asArray(option.choices).length > 25) {
      return formError(`${at}.choices`, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    }
    const type = asNumber(option.type);
    if (type === 1 || type === 2) {
      const nested = checkOptions(`${at}.options`, option.options);
      if (nested) return nested;
      continue;
    }
    // Discord rejects a required option placed after an optional one.
    if (option.required === true && sawOptional) {
      return formError(
        `${at}.required`,
        'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        'Required options must be placed before non-required options',
      );
    }
    if (option.required !== true) sawOptional = true;
  }
  return null;
}

/** Validates one command as Discord does on registration; returns the 50035 error body or null. */
export function validateCommand(raw: unknown, index: number): ApiObject | null {
  const command = asRecord(raw);
  const chatInput = (asNumber(command.type) ?? 1) === 1;
  const at = String(index);
  return (
    checkName(`${at}.name`, command.name, chatInput) ??
    checkLocalizations(`${at}.name_localizations`, command.name_localizations, true, chatInput) ??
    (chatInput ? checkDescription(`${at}.description`, command.description) : null) ??
    (chatInput
      ? checkLocalizations(`${at}.description_localizations`, command.description_localizations, false, true)
      : null) ??
    checkOptions(`${at}.options`, command.options)
  );
}

/** The stored form of a registered command, keeping the id of a previous version with the same name and type. */
export function toStoredCommand(
  state: FakeState,
  raw: unknown,
  guildId: string | null,
  previous: ApiObject[],
): ApiObject {
  const body = asRecord(raw);
  const type = asNumber(body.type) ?? 1;
  const existing = previous.find((c) => c.name === body.name && c.type === type);
  return {
    id: existing?.id ?? newSnowflake(),
    application_id: state.applicationId,
    version: newSnowflake(),
    type,
    name: body.name,
    name_localizations: body.name_localizations ?? null,
    description: body.description ?? '',
    description_localizations: body.description_localizations ?? null,
    options: asArray(body.options),
    default_member_permissions: body.default_member_permissions ?? null,
    nsfw: body.nsfw ?? false,
    contexts: body.contexts ?? null,
    integration_types: body.integration_types ?? [0],
    ...(guildId ? { guild_id: guildId } : { dm_permission: body.dm_permission ?? true }),
  };
}

/** The registered command a slash command invocation refers to: guild commands first, then global ones. */
export function findCommand(state: FakeState, name: string, guildId: string | null): ApiObject | undefined {
  const inGuild = guildId
    ? state.guildCommands.get(guildId)?.find((c) => c.name === name && c.type === 1)
    : undefined;
  return inGuild ?? state.globalCommands.find((c) => c.name === name && c.type === 1);
}
