import { z } from 'zod';
import type { ServiceName } from '../services.js';

export { SERVICE_NAMES, type ServiceName } from '../services.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const postgresUrl = z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL (set DATABASE_URL; `pnpm dev` starts a local server)' });

/** Variables every service reads. Standard OTEL_* names so the usual tooling applies. */
export const baseEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  // Always a server: `pnpm dev` and the tests start a local one (packages/kit/src/db/local-server.ts) and set it.
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // Bounds on every database wait, below the callers' CALL_TIMEOUT_MS (see db/database.ts).
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(3_000),
  DATABASE_LOCK_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  /** Proxies of ours that append to X-Forwarded-For in front of the service (the ingress gateway): see http/client-address.ts. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(1),
  /** /readyz answers 503 when the database has not answered within this (below the probe's timeout). */
  READINESS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  SERVICE_VERSION: z.string().min(1).default('dev'),
  CALL_TIMEOUT_MS: z.coerce.number().int().min(1).max(120_000).default(5_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
  OTEL_TRACES_SAMPLER: z.enum(SAMPLERS).default('parentbased_always_on'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).default('false'),
});

export type BaseEnv = z.infer<typeof baseEnvSchema>;

export interface ServiceConfig extends BaseEnv {
  name: string;
  /** Base URLs (no trailing slash) of the services this one calls. */
  services: Partial<Record<ServiceName, string>>;
}

/** Thrown when the environment is unusable; its message names every bad variable on one line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function serviceUrlVariable(service: ServiceName): string {
  return `${service.toUpperCase()}_SERVICE_URL`;
}

/** A service's own variables (e.g. `ORDER_*`): a zod object over the environment's strings. */
export type SettingsSchema = z.ZodObject;

/** An empty settings schema: the services that read no variables of their own. */
export const noSettings = z.object({});

/**
 * Reads and validates the environment for service `name`, which calls the services in `calls`, with the
 * service's own `settings` validated in the same pass, so that one message names every bad variable.
 */
export function loadConfig<S extends SettingsSchema = typeof noSettings>(
  name: string,
  calls: readonly ServiceName[] = [],
  env: NodeJS.ProcessEnv = process.env,
  settings?: S,
): ServiceConfig & { settings: z.output<S> } {
  const urlShape: Record<string, typeof httpUrl> = {};
  for (const service of calls) urlShape[serviceUrlVariable(service)] = httpUrl;
  const schema = baseEnvSchema.extend(urlShape).extend(settings?.shape ?? {});
  // Empty strings count as unset: a blank line in a ConfigMap should mean "default".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = issue.path.join('.');
      const value = cleaned[variable];
      const shown = value === undefined ? 'missing' : `got ${JSON.stringify(value)}`;
      return `${variable} ${issue.message} (${shown})`;
    });
    throw new ConfigError(`invalid environment for ${name}: ${problems.join('; ')}`);
  }
  const data = parsed.data as BaseEnv & Record<string, unknown>;
  const services: ServiceConfig['services'] = {};
  for (const service of calls) {
    services[service] = String(data[serviceUrlVariable(service)]).replace(/\/+$/, '');
  }
  const own = Object.fromEntries(Object.keys(settings?.shape ?? {}).map((key) => [key, data[key]])) as z.output<S>;
  return { ...data, name, services, settings: own };
}
