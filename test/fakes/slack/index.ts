// One import for tests: the fake server, payload builders and request signing.
export * from './fake-slack.ts';
export * from './payloads.ts';
export * from './signing.ts';
export type { SocketAck, SocketEnvelope, SocketEnvelopeType, SocketSendOptions } from './socket-mode.ts';
export type { FakeChannelInput, FakeMessage, FakeUserInput, FakeView, WorkspaceIdentity } from './state.ts';
export type { WebApiCall } from './web-api.ts';
export type { ApiResult, MethodContext, MethodHandler } from './web-api-methods.ts';
