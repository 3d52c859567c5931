// Prints the URL that adds Inverso to a Discord server, with exactly the permissions it needs and
// why each one. Run: npm run discord:invite (reads DISCORD_APPLICATION_ID from .env or the environment).
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../src/config.ts';
import { INVITE_PERMISSIONS, invitePermissions, inviteUrl } from '../src/platforms/discord/permissions.ts';

function main(): number {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let applicationId: string | undefined;
  try {
    applicationId = loadConfig().discord?.applicationId;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  // Config keeps Discord settings only when a token is set; the id alone is enough for the URL.
  applicationId ??= process.env.DISCORD_APPLICATION_ID?.trim() || undefined;
  if (!applicationId || !/^\d{17,20}$/.test(applicationId)) {
    console.error(
      [
        'Discord: DISCORD_APPLICATION_ID is missing or not an application id.',
        'Find it in the Discord Developer Portal (https://discord.com/developers/applications),',
        'on your application\'s "General Information" page ("Application ID"), then set it in .env:',
        '  DISCORD_APPLICATION_ID=123456789012345678',
      ].join('\n'),
    );
    return 1;
  }
  console.log('Open this URL to add Inverso to your server (you need the Manage Server permission there):\n');
  console.log(`  ${inviteUrl(applicationId)}\n`);
  console.log(`Scopes: bot (the bot user) and applications.commands (its slash commands).`);
  console.log(`Permissions (${invitePermissions()}), and why:`);
  for (const p of INVITE_PERMISSIONS) console.log(`  - ${p.name}: ${p.why}`);
  console.log('\nNo privileged intent is needed (no Message Content, no Server Members): leave them off.');
  return 0;
}

process.exitCode = main();
