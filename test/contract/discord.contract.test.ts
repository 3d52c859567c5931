// The platform contract on Discord: the real discord.js client against the in-process fake Discord,
// with interactions over the gateway and over HTTP.
import { describe } from 'vitest';
import { differentiationContract } from './differentiation-contract.ts';
import { makeDiscordDriver } from './discord-driver.ts';
import { formContract } from './form-contract.ts';
import { pathContract } from './path-contract.ts';
import { platformContract } from './platform-contract.ts';
import { privacyContract } from './privacy-contract.ts';
import { reviewContract } from './review-contract.ts';
import { trustContract } from './trust-contract.ts';

// Both ways interactions arrive: the gateway (default) and signed HTTP posts (DISCORD_MODE=http).
for (const mode of ['gateway', 'http'] as const) {
  describe(`interactions over ${mode}`, () => {
    platformContract('discord', () => makeDiscordDriver({ mode }));
    formContract('discord', () => makeDiscordDriver({ mode }));
    trustContract('discord', () => makeDiscordDriver({ mode }));
    privacyContract('discord', () => makeDiscordDriver({ mode }));
    differentiationContract('discord', () => makeDiscordDriver({ mode }));
    reviewContract('discord', () => makeDiscordDriver({ mode }));
    pathContract('discord', () => makeDiscordDriver({ mode }));
  });
}
