import type { FlashSaleResult } from './flash-sale.js';
import type { LoadResult } from './load.js';

/** Targets from the issue, as ratios to the baseline measured in the same run (and the cache's bound). */
export const LIMITS = { rssIdleRatio: 1.6, readyRatio: 2.0, stalenessP99Ms: 50, scaleP99Ratio: 2 } as const;

/** Two product replicas' catalog caches: commit → both serving it (see @shop/product/staleness). */
export interface StalenessMeasurement {
  replicas: number;
  changes: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  fromWrite: { p50Ms: number; p99Ms: number; maxMs: number };
  staleAfterBound: number;
  regressions: number;
}

/** One hot query at the small seed and at the large one. */
export interface ScaleMeasurement {
  name: string;
  note: string;
  small: LoadResult;
  large: LoadResult;
}

export interface ProcessMeasurement {
  /** Bundle size in bytes (absent for the baseline). */
  bundleBytes?: number;
  /** Spawn-to-ready of the first start (fresh database: migrations run). */
  firstReadyMs: number;
  /** Spawn-to-ready of each restart on the migrated database. */
  readyMs: number[];
  rssIdleMiB: number;
  rssAfterMiB: number;
  peakMiB: number;
}

export interface Measurements {
  date: Date;
  quick: boolean;
  settings: { warmupS: number; seconds: number };
  environment: {
    node: string;
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    database: string;
    tracing: string;
    logging: string;
    traceExports: { requests: number; bytes: number };
  };
  baseline: ProcessMeasurement;
  services: Record<string, ProcessMeasurement>;
  scenarios: Array<{
    name: string;
    target: string;
    connections: number;
    note: string;
    minRatio?: number;
    result: LoadResult;
    /** CPU milliseconds each process spent per measured request (where the time goes). */
    cpuMsPerRequest?: Record<string, number>;
  }>;
  staleness?: StalenessMeasurement;
  /** With `--seed large`: sizes compared, and each hot query at both. */
  scale?: { small: string; large: string; queries: ScaleMeasurement[] };
  flashSale?: FlashSaleResult;
}

export interface Check {
  what: string;
  value: number;
  limit: string;
  pass: boolean;
}

export interface BenchReport {
  date: string;
  quick: boolean;
  settings: Measurements['settings'];
  environment: Measurements['environment'];
  throughput: Array<{
    name: string;
    target: string;
    connections: number;
    note: string;
    requestsPerS: number;
    p50Ms: number;
    p99Ms: number;
    ratio: number;
    minRatio: number | null;
    errors: number;
    errorsByCode: Record<string, number>;
    warmupErrors: number;
    cpuMsPerRequest: Record<string, number>;
  }>;
  processes: Array<{
    name: string;
    bundleKiB: number | null;
    readyMs: number;
    readyRatio: number;
    firstReadyMs: number;
    rssIdleMiB: number;
    rssIdleRatio: number;
    rssAfterMiB: number;
    peakMiB: number;
  }>;
  staleness: StalenessMeasurement | null;
  scale: {
    small: string;
    large: string;
    queries: Array<{ name: string; note: string; p99SmallMs: number; p99LargeMs: number; ratio: number; errors: number }>;
  } | null;
  flashSale: FlashSaleResult | null;
  checks: Check[];
  passed: boolean;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const r3 = (n: number) => Math.round(n * 1000) / 1000;
const ratio = (value: number, base: number) => (base > 0 ? r3(value / base) : 0);

/** Turns raw measurements into the report: ratios to the baseline and a pass/miss per target. */
export function buildReport(m: Measurements): BenchReport {
  // The baseline runs first and last; the mean of both is the yardstick, so drift in a noisy machine's
  // speed over the run hits the ratios less.
  const bases = m.scenarios.filter((s) => s.target === 'baseline').map((s) => s.result.requestsPerS);
  const baseRps = bases.length === 0 ? 0 : bases.reduce((a, b) => a + b, 0) / bases.length;
  const throughput = m.scenarios.map((s) => ({
    name: s.name,
    target: s.target,
    connections: s.connections,
    note: s.note,
    requestsPerS: r1(s.result.requestsPerS),
    p50Ms: s.result.p50Ms,
    p99Ms: s.result.p99Ms,
    ratio: ratio(s.result.requestsPerS, baseRps),
    minRatio: s.minRatio ?? null,
    errors: s.result.errors,
    errorsByCode: s.result.errorsByCode,
    warmupErrors: s.result.warmupErrors,
    cpuMsPerRequest: Object.fromEntries(Object.entries(s.cpuMsPerRequest ?? {}).map(([k, v]) => [k, r3(v)])),
  }));

  // The median restart; with a single start (--quick), that first start, migrations and all.
  const readyOf = (p: ProcessMeasurement) => (p.readyMs.length > 0 ? median(p.readyMs) : p.firstReadyMs);
  const baseReady = readyOf(m.baseline);
  const describe = (name: string, p: ProcessMeasurement) => ({
    name,
    bundleKiB: p.bundleBytes === undefined ? null : r1(p.bundleBytes / 1024),
    readyMs: r1(readyOf(p)),
    readyRatio: ratio(readyOf(p), baseReady),
    firstReadyMs: r1(p.firstReadyMs),
    rssIdleMiB: r1(p.rssIdleMiB),
    rssIdleRatio: ratio(p.rssIdleMiB, m.baseline.rssIdleMiB),
    rssAfterMiB: r1(p.rssAfterMiB),
    peakMiB: r1(p.peakMiB),
  });
  const processes = [describe('baseline', m.baseline), ...Object.entries(m.services).map(([name, p]) => describe(name, p))];

  const checks: Check[] = [];
  for (const t of throughput) {
    if (t.minRatio !== null) checks.push({ what: `${t.name} throughput / baseline`, value: t.ratio, limit: `≥ ${t.minRatio}`, pass: t.ratio >= t.minRatio });
    checks.push({ what: `${t.name} errors`, value: t.errors + t.warmupErrors, limit: '= 0', pass: t.errors + t.warmupErrors === 0 });
  }
  for (const p of processes.filter((p) => p.name !== 'baseline')) {
    checks.push({ what: `${p.name} idle RSS / baseline`, value: p.rssIdleRatio, limit: `≤ ${LIMITS.rssIdleRatio}`, pass: p.rssIdleRatio <= LIMITS.rssIdleRatio });
    checks.push({ what: `${p.name} spawn-to-ready / baseline`, value: p.readyRatio, limit: `≤ ${LIMITS.readyRatio}`, pass: p.readyRatio <= LIMITS.readyRatio });
  }
  const staleness = m.staleness ?? null;
  if (staleness) {
    checks.push({ what: 'catalog cache staleness p99 ms (2 replicas)', value: staleness.p99Ms, limit: `≤ ${LIMITS.stalenessP99Ms}`, pass: staleness.p99Ms <= LIMITS.stalenessP99Ms });
    checks.push({ what: 'catalog cache answers older than served before', value: staleness.regressions, limit: '= 0', pass: staleness.regressions === 0 });
  }
  const scale = m.scale
    ? {
        small: m.scale.small,
        large: m.scale.large,
        queries: m.scale.queries.map((q) => ({
          name: q.name,
          note: q.note,
          p99SmallMs: q.small.p99Ms,
          p99LargeMs: q.large.p99Ms,
          // A p99 of 0 ms (faster than autocannon's resolution) counts as its 1 ms floor.
          ratio: ratio(Math.max(q.large.p99Ms, 1), Math.max(q.small.p99Ms, 1)),
          errors: q.small.errors + q.small.warmupErrors + q.large.errors + q.large.warmupErrors,
        })),
      }
    : null;
  for (const q of scale?.queries ?? []) {
    checks.push({ what: `${q.name} p99 at ${scale?.large} / at ${scale?.small}`, value: q.ratio, limit: `≤ ${LIMITS.scaleP99Ratio}`, pass: q.ratio <= LIMITS.scaleP99Ratio });
    checks.push({ what: `${q.name} errors (both sizes)`, value: q.errors, limit: '= 0', pass: q.errors === 0 });
  }
  const flashSale = m.flashSale ?? null;
  if (flashSale) {
    checks.push({ what: 'flash sale: sold', value: flashSale.sold, limit: `= ${flashSale.stock}`, pass: flashSale.sold === flashSale.stock && flashSale.stockLeft === 0 });
    const wrong = Object.values(flashSale.errors).reduce((a, b) => a + b, 0);
    checks.push({ what: 'flash sale: answers other than CONFIRMED or sold out', value: wrong, limit: '= 0', pass: wrong === 0 });
  }
  return {
    date: m.date.toISOString(),
    quick: m.quick,
    settings: m.settings,
    environment: m.environment,
    throughput,
    processes,
    staleness,
    scale,
    flashSale,
    checks,
    passed: checks.every((c) => c.pass),
  };
}
