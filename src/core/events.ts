// Neutral shapes of what comes in from a platform and where things go out.

/** The platforms Inverso speaks to. */
export type PlatformId = 'sandbox' | 'discord' | 'slack';

/** Where an event happened: a channel in a workspace (Discord guild, Slack team, sandbox). */
export interface Place {
  platform: PlatformId;
  workspaceId: string;
  channelId: string;
}

/** Who acted, as the platform knows them. `isAdmin` is the platform's own server/workspace admin right. */
export interface Actor {
  platformUserId: string;
  displayName: string;
  locale?: string;
  isAdmin?: boolean;
}

/** A message posted by the bot, as the platform identifies it (serialised into the database). */
export interface MessageRef {
  platform: PlatformId;
  channelId: string;
  messageId: string;
  /** Platform extras (Slack's ts, Discord's thread id), opaque to the core. */
  extra?: Record<string, string>;
}

/** Values typed into a command, after parsing to the declared option types. */
export type ArgValue = string | number | boolean;
export type Args = Record<string, ArgValue | undefined>;

/** What a platform hands to the dispatcher. */
export type InboundEvent =
  | { type: 'command'; command: string; args: Args; text?: string }
  | { type: 'action'; action: string; args: string[]; value?: string; message?: MessageRef }
  | { type: 'form'; form: string; state: string[]; values: Record<string, string> }
  | { type: 'autocomplete'; command: string; option: string; partial: string };
