// The sandbox's public surface, for main.ts.
export {
  type ClockView,
  type JumpTargets,
  type SandboxChannel,
  type SandboxDispatcher,
  type SandboxMember,
  type SandboxOptions,
  SandboxPlatform,
} from './gateway.ts';
export { databaseHistory, type SandboxHistory } from './history.ts';
export { type MountOptions, mountSandbox } from './routes.ts';
