// The exact permissions the bot asks for when invited, and why. Nothing more: no Administrator,
// no Manage Messages, no member or message-content access.
import { PermissionFlagsBits } from 'discord.js';

/** One permission of the invite, with the reason a teacher or a server admin can read. */
export interface InvitePermission {
  name: string;
  bit: bigint;
  why: string;
}

export const INVITE_PERMISSIONS: InvitePermission[] = [
  { name: 'View Channel', bit: PermissionFlagsBits.ViewChannel, why: 'see the class channel it posts in' },
  {
    name: 'Send Messages',
    bit: PermissionFlagsBits.SendMessages,
    why: 'post capsules, quizzes and reminders',
  },
  {
    name: 'Send Messages in Threads',
    bit: PermissionFlagsBits.SendMessagesInThreads,
    why: "post students' questions in each capsule's discussion thread",
  },
  {
    name: 'Create Public Threads',
    bit: PermissionFlagsBits.CreatePublicThreads,
    why: 'open one discussion thread per capsule',
  },
  {
    name: 'Embed Links',
    bit: PermissionFlagsBits.EmbedLinks,
    why: 'show capsules and quizzes as cards (embeds)',
  },
  {
    name: 'Attach Files',
    bit: PermissionFlagsBits.AttachFiles,
    why: "attach charts to the teacher's reports",
  },
  {
    name: 'Read Message History',
    bit: PermissionFlagsBits.ReadMessageHistory,
    why: 'find its own earlier messages to update tallies and start threads on them',
  },
  {
    name: 'Create Events',
    bit: PermissionFlagsBits.CreateEvents,
    why: 'turn each class session into a server event (and edit or cancel its own events); optional: without it, sessions simply get no event',
  },
];

/** The permissions integer of the invite URL. */
export function invitePermissions(): bigint {
  return INVITE_PERMISSIONS.reduce((bits, p) => bits | p.bit, 0n);
}

/** The URL a server admin opens to add the bot, with its slash commands. */
export function inviteUrl(applicationId: string): string {
  const scope = encodeURIComponent('bot applications.commands');
  return `https://discord.com/oauth2/authorize?client_id=${applicationId}&scope=${scope}&permissions=${invitePermissions()}`;
}
