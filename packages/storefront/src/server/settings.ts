import { z } from 'zod';

/** The services the browser calls, each routed by its `/trpc/<service>.` prefix. */
export const SERVICES = ['product', 'cart', 'user', 'order'] as const;

const port = z.coerce.number().int().min(0).max(65_535);

const schema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  // Optional: when set, `/trpc/<service>.` is forwarded there (locally); in the cluster the gateway routes it.
  PRODUCT_SERVICE_URL: z.url().optional(),
  CART_SERVICE_URL: z.url().optional(),
  USER_SERVICE_URL: z.url().optional(),
  ORDER_SERVICE_URL: z.url().optional(),
});

export type Settings = z.infer<typeof schema>;

/** The environment, validated; a bad variable stops the process with one line naming it (exit 1). */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  process.stderr.write(`storefront: invalid environment: ${problems}\n`);
  process.exit(1);
}
