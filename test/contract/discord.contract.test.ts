// The platform contract on Discord: the real discord.js client against the in-process fake Discord.
import { makeDiscordDriver } from './discord-driver.ts';
import { platformContract } from './platform-contract.ts';
import { privacyContract } from './privacy-contract.ts';

platformContract('discord', () => makeDiscordDriver());
privacyContract('discord', () => makeDiscordDriver());
