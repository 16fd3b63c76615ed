import { randomBytes } from 'node:crypto';
import { Catalog } from './catalog.js';
import { Gate } from './gate.js';
import { PROCEDURES } from './mix.js';
import type { LoadOptions } from './options.js';
import { createRandom } from './random.js';
import { Shopper, type ShopperWorld } from './shopper.js';
import { Stats } from './stats.js';
import { smokeVerdict, type LoadSummary } from './summary.js';

export interface RunHandle {
  /** Live counters, for the progress line. */
  stats: Stats;
  /** Ends the run early (Ctrl-C, SIGTERM); the summary still comes. */
  stop(): void;
  done: Promise<LoadSummary>;
}

/** Starts the shoppers; `done` resolves with the summary when time, budget or `stop()` ends the run. */
export function startLoad(options: LoadOptions): RunHandle {
  const stats = new Stats();
  const gate = new Gate({ rate: options.rate, budget: options.requests, durationS: options.durationS });
  const world: ShopperWorld = {
    urls: options.targets.urls,
    timeoutMs: options.timeoutMs,
    gate,
    stats,
    catalog: new Catalog(),
    mix: options.mix,
    runId: randomBytes(4).toString('hex'),
    orders: { CONFIRMED: 0, FAILED: 0, PENDING: 0 },
    registered: { count: 0 },
  };
  const startedAt = new Date();
  const started = performance.now();
  const seeds = createRandom(options.seed);
  const shoppers = Array.from({ length: options.shoppers }, (_, i) => new Shopper(world, i, createRandom(Math.floor(seeds() * 2 ** 32))));

  // The deadline closes the gate at once, so shoppers waiting for a slot stop too.
  const timer = options.durationS > 0 ? setTimeout(() => gate.close(), options.durationS * 1000) : undefined;
  const done = Promise.all(shoppers.map((s) => s.run())).then(() => {
    clearTimeout(timer);
    const durationS = (performance.now() - started) / 1000;
    const overall = stats.overall();
    const summary: LoadSummary = {
      startedAt: startedAt.toISOString(),
      durationS: Math.round(durationS * 1000) / 1000,
      target: { mode: options.targets.mode, urls: { ...options.targets.urls } },
      settings: {
        shoppers: options.shoppers,
        rate: options.rate,
        durationS: options.durationS,
        requests: options.requests ?? null,
        seed: options.seed,
      },
      totals: {
        requests: stats.total,
        errors: stats.errors,
        errorRate: stats.total === 0 ? 0 : stats.errors / stats.total,
        ratePerS: durationS > 0 ? Math.round((stats.total / durationS) * 10) / 10 : 0,
        ...overall,
      },
      procedures: stats.procedures(PROCEDURES),
      orders: { ...world.orders },
      shoppersRegistered: world.registered.count,
      productsSeen: world.catalog.size,
    };
    if (options.smoke) summary.smoke = smokeVerdict(summary, options.maxErrorRate);
    return summary;
  });
  return { stats, stop: () => gate.close(), done };
}
