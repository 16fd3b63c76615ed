import type { LoadResult } from './load.js';

/** Targets from the issue, as ratios to the baseline measured in the same run. */
export const LIMITS = { rssIdleRatio: 1.6, readyRatio: 2.0 } as const;

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
  return {
    date: m.date.toISOString(),
    quick: m.quick,
    settings: m.settings,
    environment: m.environment,
    throughput,
    processes,
    checks,
    passed: checks.every((c) => c.pass),
  };
}
