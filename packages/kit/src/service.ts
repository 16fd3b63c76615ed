import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { AnyTRPCRouter } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import type { JWTVerifyGetKey } from 'jose';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { createTokenVerifier, remoteKeys } from './auth/verifier.js';
import { toServiceError } from './client/downstream-error.js';
import { ConfigError, loadConfig, type noSettings, type ServiceConfig, type ServiceName, type SettingsSchema } from './config/env.js';
import { openDatabase, type Database } from './db/database.js';
import { isDatabaseUnavailable, toDatabaseError } from './db/errors.js';
import { migrate, type Migration } from './db/migrate.js';
import { clientAddress } from './http/client-address.js';
import { createHttpServer, sendJson, type RouteHandler } from './http/server.js';
import { createTrpcHandler } from './http/trpc-handler.js';
import { closeServer, drainRequests } from './lifecycle/shutdown.js';
import { createLogger } from './observability/logger.js';
import { metricsRegistry, recordCall, setupMetrics } from './observability/metrics.js';
import { setupTracing } from './observability/tracing.js';
import { callsOf } from './services.js';
import type { Context, TokenVerifier } from './trpc/context.js';

/** What a service's parts are built from: its migrated database, validated config and settings, its logger. */
export interface ServiceDeps<DB, TSettings = z.output<typeof noSettings>> {
  db: Kysely<DB>;
  config: ServiceConfig;
  /** The service's own variables, parsed by its `settings` schema. */
  settings: TSettings;
  log: Logger;
}

/** Work that runs beside the server (e.g. order recovery); stopped before the database closes. */
export interface BackgroundTask {
  stop(): Promise<void>;
}

/** What `setup` gives the kit to host. */
export interface ServiceParts<TRouter extends AnyTRPCRouter> {
  router: TRouter;
  /** Extra plain HTTP routes, keyed "METHOD /path". */
  routes?: Record<string, RouteHandler>;
  /** Started once the server listens (e.g. order recovery); each task is stopped before the database closes. */
  background?: () => BackgroundTask[];
  /** With `auth: 'own'`: the keys that verify the tokens this service issues itself (the user service). */
  tokenKeys?: JWTVerifyGetKey;
}

export interface ServiceDefinition<DB, TRouter extends AnyTRPCRouter, TSettings extends SettingsSchema = typeof noSettings> {
  name: string;
  /** Services this one calls; each needs `<NAME>_SERVICE_URL`. Default: what SHOP_SERVICES says for `name`. */
  calls?: readonly ServiceName[];
  migrations?: readonly Migration[];
  /**
   * The service's own environment variables, validated with the kit's in one pass: a bad one stops the
   * process with the same one line naming it (exit 1). Parsed values arrive as `deps.settings`.
   */
  settings?: TSettings;
  /**
   * How bearer tokens are verified: `jwks` fetches the user service's public keys (needs 'user' in calls),
   * `own` uses the `tokenKeys` that setup returns (the user service itself), `none` rejects every token.
   */
  auth?: 'none' | 'jwks' | 'own';
  /** Builds the router, routes and background work, once config, logs and the migrated database are ready. */
  setup: (deps: ServiceDeps<DB, z.output<TSettings>>) => ServiceParts<TRouter> | Promise<ServiceParts<TRouter>>;
}

export interface StartOptions {
  /** Environment to read instead of process.env. */
  env?: NodeJS.ProcessEnv;
  /** Exit the process on a start-up failure and on SIGTERM/SIGINT (true for a service's main). */
  ownProcess?: boolean;
}

export interface RunningService<DB> {
  url: string;
  port: number;
  config: ServiceConfig;
  db: Kysely<DB>;
  log: Logger;
  server: Server;
  /** Graceful stop: readiness fails, in-flight requests finish, everything closes. */
  stop(): Promise<void>;
}

/**
 * Migrations, retried while the database is unreachable (a pod starting during a failover waits for it
 * instead of crash-looping); any other failure is a failed start.
 */
async function migrateWhenReachable(database: Pick<Database<unknown>, 'unbounded'>, migrations: readonly Migration[], log: Logger): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await database.unbounded((db) => migrate(db, migrations));
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      log.warn({ err, attempt }, 'database unreachable at start; retrying');
      await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * attempt)));
    }
  }
}

const rejectTokens: TokenVerifier = () =>
  Promise.reject(new TRPCError({ code: 'UNAUTHORIZED', message: 'This service accepts no user tokens' }));

function tokenVerifier(name: string, auth: 'none' | 'jwks' | 'own', parts: ServiceParts<AnyTRPCRouter>, config: ServiceConfig): TokenVerifier {
  if (auth === 'none') return rejectTokens;
  if (auth === 'jwks') return createTokenVerifier(remoteKeys(config.services.user as string));
  if (!parts.tokenKeys) throw new Error(`${name} has auth 'own' but its setup returned no tokenKeys`);
  return createTokenVerifier(parts.tokenKeys);
}

/**
 * Starts a shop service: validated config, logs, metrics, tracing, database with migrations, the tRPC
 * router at /trpc, probes, and graceful shutdown.
 */
export async function startService<DB, TRouter extends AnyTRPCRouter, TSettings extends SettingsSchema = typeof noSettings>(
  definition: ServiceDefinition<DB, TRouter, TSettings>,
  options: StartOptions = {},
): Promise<RunningService<DB>> {
  const ownProcess = options.ownProcess ?? true;
  try {
    return await start(definition, options.env ?? process.env, ownProcess);
  } catch (err) {
    if (!ownProcess) throw err;
    const message = err instanceof ConfigError ? err.message : `${definition.name} failed to start: ${(err as Error).message}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
}

async function start<DB, TRouter extends AnyTRPCRouter, TSettings extends SettingsSchema>(
  definition: ServiceDefinition<DB, TRouter, TSettings>,
  env: NodeJS.ProcessEnv,
  ownProcess: boolean,
): Promise<RunningService<DB>> {
  const auth = definition.auth ?? 'none';
  const calls = new Set<ServiceName>(definition.calls ?? callsOf(definition.name));
  if (auth === 'jwks') calls.add('user');
  const { settings, ...config } = loadConfig(definition.name, [...calls], env, definition.settings);
  const log = await createLogger({ name: definition.name, version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  const tracing = setupTracing(definition.name, config);
  setupMetrics(definition.name, config.SERVICE_VERSION);

  const database = openDatabase<DB>({
    service: definition.name,
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    timeouts: {
      connectMs: config.DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
      lockMs: config.DATABASE_LOCK_TIMEOUT_MS,
    },
  });
  const applied = await migrateWhenReachable(database, definition.migrations ?? [], log);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');

  const deps: ServiceDeps<DB, z.output<TSettings>> = { db: database.db, config, settings, log };
  const parts = await definition.setup(deps);
  const { router } = parts;
  const verifyToken = tokenVerifier(definition.name, auth, parts, config);

  let draining = false;
  const trpc = createTrpcHandler({
    router,
    createContext: (req, _res, requestId) =>
      ({
        // The id the server answers with: the caller's, or a new one when the caller sent none.
        requestId: requestId ?? '',
        authorization: req.headers.authorization,
        verifyToken,
        log,
        clientAddress: () => clientAddress(req, config.TRUSTED_PROXY_HOPS),
      }) satisfies Context as never,
    // A failed downstream call or an unavailable database is the caller's SERVICE_UNAVAILABLE, not a 500.
    mapError: (error) => toServiceError(error.cause) ?? (error.code === 'INTERNAL_SERVER_ERROR' ? toDatabaseError(error.cause) : null) ?? error,
    onCall: (result) => {
      recordCall(result);
      if (result.error && result.code === 'INTERNAL_SERVER_ERROR') {
        log.error({ err: result.error.cause ?? result.error, procedure: result.path }, 'procedure failed');
      } else if (result.error && result.code === 'SERVICE_UNAVAILABLE' && isDatabaseUnavailable(result.error.cause)) {
        log.warn({ err: result.error.cause, procedure: result.path }, 'database unavailable');
      }
    },
  });

  const routes: Record<string, RouteHandler> = {
    'GET /healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
    'GET /readyz': async (_req, res) => {
      if (draining) return sendJson(res, 503, { status: 'draining' });
      const ok = await database.ping(config.READINESS_TIMEOUT_MS);
      sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'database unreachable' });
    },
    'GET /metrics': async (_req, res) => {
      const body = await metricsRegistry.metrics();
      res.writeHead(200, { 'content-type': metricsRegistry.contentType });
      res.end(body);
    },
    ...parts.routes,
  };

  const server = createHttpServer({ trpc, routes, log, isDraining: () => draining });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const url = `http://${host}:${port}`;
  const tasks = parts.background?.() ?? [];
  log.info({ url, version: config.SERVICE_VERSION }, `${definition.name} ready`);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      draining = true;
      await Promise.all(tasks.map((t) => t.stop()));
      await drainRequests(server.inFlight, config.SHUTDOWN_TIMEOUT_MS / 2);
      await closeServer(server);
      await database.close();
      await tracing.shutdown();
      log.info('stopped');
      log.flush();
    })();
    return stopping;
  };

  if (ownProcess) {
    const onSignal = (signal: NodeJS.Signals) => {
      log.info({ signal }, 'shutting down: draining in-flight requests');
      const force = setTimeout(() => {
        log.error('shutdown timed out; exiting');
        process.exit(1);
      }, config.SHUTDOWN_TIMEOUT_MS);
      force.unref();
      stop().then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }

  return { url, port, config, db: database.db, log, server, stop };
}
