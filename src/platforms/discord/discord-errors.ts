// Discord's JSON error codes the platform acts on (discord.com/developers/docs/topics/opcodes-and-status-codes).
import { DiscordAPIError } from 'discord.js';

export const CODES = {
  unknownChannel: 10003,
  unknownMessage: 10008,
  unknownUser: 10013,
  unknownEvent: 10070,
  missingAccess: 50001,
  cannotMessageUser: 50007,
  missingPermissions: 50013,
  invalidRecipient: 50033,
  threadExists: 160004,
} as const;

/** The Discord error code of a failed REST call, or null for anything else. */
export function codeOf(error: unknown): number | null {
  return error instanceof DiscordAPIError && typeof error.code === 'number' ? error.code : null;
}

export function hasCode(error: unknown, ...codes: number[]): boolean {
  const code = codeOf(error);
  return code !== null && codes.includes(code);
}
