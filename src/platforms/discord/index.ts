// The Discord platform's public surface: main.ts needs only createDiscordPlatform.
export { buildCommands } from './command-builder.ts';
export { DiscordStartError } from './gateway.ts';
export { createDiscordPlatform, DiscordPlatform, type DiscordPlatformOptions, nonceOf } from './platform.ts';
export { renderCard } from './render.ts';
