// The platform contract on Discord: the real discord.js client against the in-process fake Discord.

import { differentiationContract } from './differentiation-contract.ts';
import { makeDiscordDriver } from './discord-driver.ts';
import { formContract } from './form-contract.ts';
import { platformContract } from './platform-contract.ts';
import { privacyContract } from './privacy-contract.ts';
import { trustContract } from './trust-contract.ts';

platformContract('discord', () => makeDiscordDriver());
formContract('discord', () => makeDiscordDriver());
trustContract('discord', () => makeDiscordDriver());
privacyContract('discord', () => makeDiscordDriver());
differentiationContract('discord', () => makeDiscordDriver());
