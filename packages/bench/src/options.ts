import { parseArgs } from 'node:util';
import { z } from 'zod';

export interface BenchOptions {
  quick: boolean;
  warmupS: number;
  seconds: number;
  /** Starts per bundle: the first on a fresh database, the rest timed as restarts. */
  starts: number;
  build: boolean;
  outDir: string | undefined;
  strict: boolean;
  /** Write a V8 CPU profile of every process here (node --cpu-prof), to find where the time goes. */
  profileDir: string | undefined;
  /** Node binary for the bundles and the baseline (default: Node 24, as production). */
  nodePath: string | undefined;
  /** `large`: measure the hot queries at 30 products, seed 100,000 products and 1,000,000 orders, measure again. */
  seed: 'small' | 'large';
  /** Stock changes timed for the catalog cache's staleness across two replicas (0: not measured). */
  stalenessChanges: number;
  /** Flash sale buyers (stock is a tenth of them; 0: no flash sale). */
  flashSaleBuyers: number;
  /** `startup`: only spawn-to-ready, `starts` rounds, each service with and without its compile cache. */
  only: 'startup' | undefined;
}

const seconds = (flag: string) => z.coerce.number({ error: `--${flag} must be a number` }).min(0, { error: `--${flag} must be 0 or more` });

const schema = z.object({
  quick: z.boolean().default(false),
  warmup: seconds('warmup').optional(),
  seconds: seconds('seconds').positive({ error: '--seconds must be more than 0' }).optional(),
  starts: z.coerce.number({ error: '--starts must be a number' }).int().min(1, { error: '--starts must be at least 1' }).max(200).optional(),
  'skip-build': z.boolean().default(false),
  out: z.string().min(1).optional(),
  strict: z.boolean().default(false),
  profile: z.string().min(1).optional(),
  node: z.string().min(1).optional(),
  seed: z.enum(['small', 'large'], { error: '--seed must be small or large' }).default('small'),
  'staleness-changes': z.coerce.number({ error: '--staleness-changes must be a number' }).int().min(0).max(100_000).optional(),
  'flash-sale': z.coerce.number({ error: '--flash-sale must be a number' }).int().min(0).max(100_000).optional(),
  only: z.enum(['startup'], { error: '--only takes: startup' }).optional(),
});

export const USAGE = `Usage: pnpm bench [--quick] [--seconds N] [--warmup N] [--starts N] [--skip-build] [--out DIR] [--strict] [--seed large] [--only startup]
  --quick       1 s warm-up, 2 s per scenario, one start per bundle (migrations included):
                under a minute on PostgreSQL
  --seconds N   measured seconds per scenario (default 15)
  --warmup N    warm-up seconds before each scenario (default 5)
  --starts N    starts per bundle for spawn-to-ready (default 4: one fresh, then restarts, whose median counts)
  --skip-build  use the bundles already in packages/<service>/dist
  --out DIR     where to write <date>.json (default packages/bench/results)
  --strict      exit 1 when a target is missed (errors always exit 1)
  --node PATH   Node binary for the bundles and the baseline (default: NODE24_BIN, else node@24 via npx)
  --profile DIR node --cpu-prof every process into DIR/<name>/ (slower: for finding costs, not for the numbers)
  --seed large  also measure the hot catalog and order queries at 30 products, seed 100,000 products and
                1,000,000 orders over 10,000 users (PostgreSQL only), and measure them again
  --staleness-changes N   stock changes timed across two product replicas (default 300, quick 50; 0: skip)
  --flash-sale N          buyers in the flash sale, one product with stock N/10 (default 1000, quick 100; 0: skip)
  --only startup  spawn-to-ready only: --starts rounds (default 30) of the baseline and each service with
                and without the compile cache its image ships, interleaved; medians and ratios`;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    // `pnpm bench -- --quick` forwards the `--` itself.
    args: argv[0] === '--' ? argv.slice(1) : [...argv],
    options: {
      quick: { type: 'boolean' },
      warmup: { type: 'string' },
      seconds: { type: 'string' },
      starts: { type: 'string' },
      'skip-build': { type: 'boolean' },
      out: { type: 'string' },
      strict: { type: 'boolean' },
      profile: { type: 'string' },
      node: { type: 'string' },
      seed: { type: 'string' },
      'staleness-changes': { type: 'string' },
      'flash-sale': { type: 'string' },
      only: { type: 'string' },
    },
    strict: true,
  });
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new Error(`${parsed.error.issues.map((i) => i.message).join('\n')}\n${USAGE}`);
  const o = parsed.data;
  return {
    quick: o.quick,
    warmupS: o.warmup ?? (o.quick ? 1 : 5),
    seconds: o.seconds ?? (o.quick ? 2 : 15),
    starts: o.starts ?? (o.only === 'startup' ? 30 : o.quick ? 1 : 4),
    build: !o['skip-build'],
    outDir: o.out,
    strict: o.strict,
    profileDir: o.profile,
    nodePath: o.node,
    seed: o.seed,
    stalenessChanges: o['staleness-changes'] ?? (o.quick ? 50 : 300),
    flashSaleBuyers: o['flash-sale'] ?? (o.quick ? 100 : 1000),
    only: o.only,
  };
}
