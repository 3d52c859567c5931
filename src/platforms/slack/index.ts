// The Slack platform's public surface, for main.ts and the tests.
export { SlackStartError } from './app.ts';
export type { SlackServices } from './context.ts';
export type { HomeOverview, HomeQuery, HomeSource, StudentHome, TeacherHome } from './home-source.ts';
export { mountSlackEvents } from './mount.ts';
export { createSlackPlatform, SlackPlatform, type SlackPlatformOptions } from './platform.ts';
export { singleInstall, type TokenSource } from './tokens.ts';
