// The http layer's public surface, for main.ts and the platforms that mount routes.
export { defaultBodyLimit, mediaType, readForm, readJson, readRaw } from './body.ts';
export { badRequest, conflict, HttpError, isHttpError, notFound } from './errors.ts';
export { healthRoute } from './health.ts';
export type { Handler, HttpServer, HttpServerOptions, Method, RequestContext } from './server.ts';
export { createHttpServer, preferredLocale } from './server.ts';
export { type EventStream, openEventStream } from './sse.ts';
export { contentTypeOf, type StaticOptions, safeJoin, sendFile, serveStatic } from './static.ts';
