import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BEHAVIOURS, DEFAULT_MIX, type Mix } from './mix.js';

/** Local `pnpm dev` ports. */
export const LOCAL_URLS = {
  product: 'http://127.0.0.1:3001',
  cart: 'http://127.0.0.1:3002',
  order: 'http://127.0.0.1:3003',
  user: 'http://127.0.0.1:3004',
} as const;
export type ServiceKey = keyof typeof LOCAL_URLS;

/** Thrown for unusable flags or environment; the message names each bad flag and is meant for the user. */
export class OptionsError extends Error {
  override name = 'OptionsError';
}

// Flags, their environment fallbacks (for the pod), and help text: one table so they cannot drift apart.
const FLAGS = {
  target: { type: 'string', env: 'LOADGEN_TARGET', help: 'gateway base URL: every procedure at <url>/trpc/<proc> (cluster)' },
  'product-url': { type: 'string', env: 'LOADGEN_PRODUCT_URL', help: `product service URL (default ${LOCAL_URLS.product})` },
  'cart-url': { type: 'string', env: 'LOADGEN_CART_URL', help: `cart service URL (default ${LOCAL_URLS.cart})` },
  'order-url': { type: 'string', env: 'LOADGEN_ORDER_URL', help: `order service URL (default ${LOCAL_URLS.order})` },
  'user-url': { type: 'string', env: 'LOADGEN_USER_URL', help: `user service URL (default ${LOCAL_URLS.user})` },
  shoppers: { type: 'string', env: 'LOADGEN_SHOPPERS', help: 'concurrent virtual shoppers (default 10)' },
  rate: { type: 'string', env: 'LOADGEN_RATE', help: 'requests per second across all shoppers, 0 = as fast as they go (default 50)' },
  duration: { type: 'string', env: 'LOADGEN_DURATION', help: 'how long to run: 90, 30s, 5m, 1h; 0 = until stopped (default 60s)' },
  requests: { type: 'string', env: 'LOADGEN_REQUESTS', help: 'stop after this many requests (then no default duration)' },
  'timeout-ms': { type: 'string', env: 'LOADGEN_TIMEOUT_MS', help: 'deadline of each request (default 10000)' },
  seed: { type: 'string', env: 'LOADGEN_SEED', help: 'seed for the shoppers\' choices (default: random)' },
  mix: { type: 'string', env: 'LOADGEN_MIX', help: `behaviour weights to change, e.g. checkout=10,browse=5 (${BEHAVIOURS.join(', ')})` },
  'progress-every': { type: 'string', env: 'LOADGEN_PROGRESS_EVERY', help: 'seconds between progress lines when not on a terminal (default 10)' },
  smoke: { type: 'boolean', env: 'LOADGEN_SMOKE', help: 'exit 1 when the error rate passes --max-error-rate' },
  'max-error-rate': { type: 'string', env: 'LOADGEN_MAX_ERROR_RATE', help: 'error-rate threshold for --smoke, 0..1 (default 0.01)' },
  json: { type: 'boolean', env: 'LOADGEN_JSON', help: 'print the summary as JSON on stdout' },
  quiet: { type: 'boolean', env: 'LOADGEN_QUIET', help: 'no progress line' },
  help: { type: 'boolean', env: undefined, help: 'show this help' },
} as const;
type FlagName = keyof typeof FLAGS;

const url = (flag: string) =>
  z
    .url({ protocol: /^https?$/, error: `--${flag} must be an http(s) URL` })
    .transform((u) => u.replace(/\/+$/, ''));
const integer = (flag: string, min: number, max: number) =>
  z.coerce
    .number({ error: `--${flag} must be a number` })
    .int({ error: `--${flag} must be a whole number` })
    .min(min, { error: `--${flag} must be at least ${min}` })
    .max(max, { error: `--${flag} must be at most ${max}` });

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
const duration = z.string().transform((text, ctx) => {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) {
    ctx.addIssue({ code: 'custom', message: '--duration must look like 90, 30s, 5m or 1h' });
    return z.NEVER;
  }
  return Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] ?? 1);
});

const mix = z.string().transform((text, ctx) => {
  const weights: Mix = { ...DEFAULT_MIX };
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, value] = part.split('=');
    const weight = Number(value);
    if (!name || !(BEHAVIOURS as readonly string[]).includes(name)) {
      ctx.addIssue({ code: 'custom', message: `--mix: unknown behaviour "${name ?? ''}" (one of ${BEHAVIOURS.join(', ')})` });
    } else if (value === undefined || !Number.isFinite(weight) || weight < 0) {
      ctx.addIssue({ code: 'custom', message: `--mix: ${name} needs a weight ≥ 0, like ${name}=5` });
    } else {
      weights[name as keyof Mix] = weight;
    }
  }
  if (Object.values(weights).every((w) => w === 0)) ctx.addIssue({ code: 'custom', message: '--mix: every weight is zero' });
  return weights;
});

const schema = z.object({
  target: url('target').optional(),
  'product-url': url('product-url').default(LOCAL_URLS.product),
  'cart-url': url('cart-url').default(LOCAL_URLS.cart),
  'order-url': url('order-url').default(LOCAL_URLS.order),
  'user-url': url('user-url').default(LOCAL_URLS.user),
  shoppers: integer('shoppers', 1, 10_000).default(10),
  rate: z.coerce
    .number({ error: '--rate must be a number' })
    .min(0, { error: '--rate must be 0 (unlimited) or more' })
    .max(1_000_000, { error: '--rate must be at most 1000000' })
    .default(50),
  duration: duration.optional(),
  requests: integer('requests', 1, Number.MAX_SAFE_INTEGER).optional(),
  'timeout-ms': integer('timeout-ms', 1, 600_000).default(10_000),
  seed: integer('seed', 0, 2 ** 32 - 1).optional(),
  mix: mix.default({ ...DEFAULT_MIX }),
  'progress-every': z.coerce.number({ error: '--progress-every must be a number' }).positive({ error: '--progress-every must be more than 0' }).default(10),
  smoke: z.boolean().default(false),
  'max-error-rate': z.coerce
    .number({ error: '--max-error-rate must be a number' })
    .min(0, { error: '--max-error-rate must be between 0 and 1' })
    .max(1, { error: '--max-error-rate must be between 0 and 1' })
    .default(0.01),
  json: z.boolean().default(false),
  quiet: z.boolean().default(false),
  help: z.boolean().default(false),
});

export interface Targets {
  /** `gateway`: one base URL for every service; `services`: one URL each (local runs). */
  mode: 'gateway' | 'services';
  urls: Record<ServiceKey, string>;
}

export interface LoadOptions {
  targets: Targets;
  shoppers: number;
  /** Requests per second across all shoppers; 0 = unlimited. */
  rate: number;
  /** Seconds; 0 = until stopped or the request budget is spent. */
  durationS: number;
  /** Total request budget, when bounded by count. */
  requests: number | undefined;
  timeoutMs: number;
  seed: number;
  mix: Mix;
  progressEverySec: number;
  smoke: boolean;
  maxErrorRate: number;
  json: boolean;
  quiet: boolean;
  help: boolean;
}

const DEFAULT_DURATION_S = 60;

/**
 * Reads flags (which win) and LOADGEN_* environment variables (for the pod). Throws OptionsError with
 * every problem on its own line.
 */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv = {}): LoadOptions {
  let values: Partial<Record<FlagName, string | boolean>>;
  try {
    const options = Object.fromEntries(Object.entries(FLAGS).map(([name, flag]) => [name, { type: flag.type }]));
    // `pnpm loadgen -- --flag` forwards the `--` itself.
    const args = argv[0] === '--' ? argv.slice(1) : [...argv];
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new OptionsError(`${(err as Error).message}\nRun with --help for the list of options.`);
  }
  const raw: Record<string, string | boolean> = {};
  for (const [name, flag] of Object.entries(FLAGS) as Array<[FlagName, (typeof FLAGS)[FlagName]]>) {
    const fromEnv = flag.env ? env[flag.env] : undefined;
    const value = values[name] ?? (fromEnv === undefined || fromEnv === '' ? undefined : flag.type === 'boolean' ? fromEnv === 'true' || fromEnv === '1' : fromEnv);
    if (value !== undefined) raw[name] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const flag = String(issue.path[0] ?? '');
      const given = raw[flag];
      return `${issue.message}${given === undefined ? '' : ` (got ${JSON.stringify(given)})`}`;
    });
    throw new OptionsError(lines.join('\n'));
  }
  const o = parsed.data;
  const gateway = o.target;
  return {
    targets: gateway
      ? { mode: 'gateway', urls: { product: gateway, cart: gateway, order: gateway, user: gateway } }
      : { mode: 'services', urls: { product: o['product-url'], cart: o['cart-url'], order: o['order-url'], user: o['user-url'] } },
    shoppers: o.shoppers,
    rate: o.rate,
    // A request budget alone means "until it is spent"; otherwise a laptop-sized default.
    durationS: o.duration ?? (o.requests === undefined ? DEFAULT_DURATION_S : 0),
    requests: o.requests,
    timeoutMs: o['timeout-ms'],
    seed: o.seed ?? Math.floor(Math.random() * 2 ** 32),
    mix: o.mix,
    progressEverySec: o['progress-every'],
    smoke: o.smoke,
    maxErrorRate: o['max-error-rate'],
    json: o.json,
    quiet: o.quiet,
    help: o.help,
  };
}

export function usage(): string {
  const rows = Object.entries(FLAGS).map(([name, flag]) => {
    const left = `  --${name}${flag.type === 'string' ? ' <value>' : ''}`;
    return `${left.padEnd(30)}${flag.help}${flag.env ? ` [${flag.env}]` : ''}`;
  });
  return [
    'Usage: loadgen [options]',
    '',
    'Virtual shoppers register, browse, search, fill carts and check out against the shop.',
    'Locally it talks to each service on its `pnpm dev` port; in the cluster give --target, the gateway.',
    '',
    ...rows,
  ].join('\n');
}
