// The public API of the shop service runtime.
export { startService } from './service.js';
export type { ServiceDefinition, ServiceDeps, ServiceParts, BackgroundTask, StartOptions, RunningService } from './service.js';
export { loadConfig, ConfigError } from './config/env.js';
export type { ServiceConfig, SettingsSchema } from './config/env.js';
export { SHOP_SERVICES, SERVICE_NAMES, callsOf, calleesFirst } from './services.js';
export type { ServiceName } from './services.js';
export {
  router,
  middleware,
  mergeRouters,
  createCallerFactory,
  publicProcedure,
  meshProcedure,
  protectedProcedure,
  TRPCError,
} from './trpc/procedures.js';
export type { ProcedureAuth, ProcedureMeta } from './trpc/procedures.js';
export { listProcedures } from './trpc/procedure-list.js';
export type { ProcedureEntry } from './trpc/procedure-list.js';
export type { Context, AuthedContext, AuthUser, TokenVerifier } from './trpc/context.js';
export { tooManyRequests } from './trpc/retry-after.js';
export { createServiceClient } from './client/service-client.js';
export type { ServiceClient, ServiceClientOptions } from './client/service-client.js';
export { downstreamCode, toServiceError } from './client/downstream-error.js';
export type { Migration } from './db/migrate.js';
export { isDatabaseUnavailable, toDatabaseError } from './db/errors.js';
export { sendJson } from './http/server.js';
export type { RouteHandler } from './http/server.js';
export { metricsRegistry } from './observability/metrics.js';
export type { Logger } from './observability/logger.js';
export { TOKEN_ISSUER, TOKEN_AUDIENCE, JWKS_PATH, MAX_TOKEN_LIFETIME_SECONDS } from './auth/tokens.js';
export { assertStorable, findUnstorable, isStorable, storableText } from './input/storable.js';
export { cursorTimestamp, opaqueCursor, type CursorCodec } from './input/cursor.js';
