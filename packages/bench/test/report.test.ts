import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../src/load.js';
import { renderMarkdown } from '../src/markdown.js';
import { buildReport, median, type Measurements, type ProcessMeasurement } from '../src/report.js';

const load = (requestsPerS: number, extra: Partial<LoadResult> = {}): LoadResult => ({
  requestsPerS,
  count: requestsPerS * 10,
  p50Ms: 1,
  p99Ms: 5,
  errors: 0,
  errorsByCode: {},
  durationS: 10,
  warmupErrors: 0,
  ...extra,
});
const proc = (readyMs: number[], rssIdleMiB: number, bundleBytes?: number): ProcessMeasurement => ({
  bundleBytes,
  firstReadyMs: (readyMs[0] ?? 0) * 2,
  readyMs,
  rssIdleMiB,
  rssAfterMiB: rssIdleMiB + 10,
  peakMiB: rssIdleMiB + 20,
});

function measurements(overrides: Partial<Measurements> = {}): Measurements {
  return {
    date: new Date('2026-11-25T20:00:00Z'),
    quick: false,
    settings: { warmupS: 5, seconds: 15 },
    environment: {
      node: 'v20.20.2',
      cpus: 2,
      cpuModel: 'Test CPU',
      memoryGiB: 24,
      database: 'PostgreSQL 15.20',
      tracing: 'tracing on',
      logging: 'logging on',
      traceExports: { requests: 3, bytes: 1000 },
    },
    baseline: proc([50, 60, 40], 40),
    services: { product: proc([100, 80, 95], 60, 2_048_000), order: proc([200], 70, 1024) },
    scenarios: [
      { name: 'baseline', target: 'baseline', connections: 16, note: 'bare', result: load(20_000) },
      {
        name: 'product.get',
        target: 'product',
        connections: 16,
        note: 'one product',
        minRatio: 0.35,
        result: load(8000),
        cpuMsPerRequest: { autocannon: 0.02, product: 0.2712 },
      },
      { name: 'order.create', target: 'order', connections: 8, note: 'saga', minRatio: 0.03, result: load(500) },
    ],
    ...overrides,
  };
}

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe('buildReport', () => {
  it('gives every scenario its ratio to the baseline of the same run', () => {
    const report = buildReport(measurements());
    expect(report.throughput.map((t) => [t.name, t.ratio])).toEqual([
      ['baseline', 1],
      ['product.get', 0.4],
      ['order.create', 0.025],
    ]);
  });

  it('compares memory and spawn-to-ready (median of restarts) with the baseline process', () => {
    const report = buildReport(measurements());
    const product = report.processes.find((p) => p.name === 'product');
    expect(product).toMatchObject({ readyMs: 95, readyRatio: 1.9, rssIdleMiB: 60, rssIdleRatio: 1.5, bundleKiB: 2000, firstReadyMs: 200 });
    expect(report.processes[0]).toMatchObject({ name: 'baseline', readyMs: 50, bundleKiB: null });
  });

  it('with one start only (--quick), spawn-to-ready is that first start', () => {
    const m = measurements();
    m.baseline = { ...m.baseline, readyMs: [], firstReadyMs: 80 };
    m.services = { product: { ...proc([], 60), firstReadyMs: 240 } };
    const single = buildReport(m);
    expect(single.processes.find((p) => p.name === 'product')).toMatchObject({ readyMs: 240, readyRatio: 3, firstReadyMs: 240 });
  });

  it('passes only when every target is met', () => {
    const report = buildReport(measurements());
    const missed = report.checks.filter((c) => !c.pass).map((c) => c.what);
    // order.create 0.025 < 0.03; order RSS 70/40 = 1.75 > 1.6; order ready 200/50 = 4 > 2.0.
    expect(missed).toEqual(['order.create throughput / baseline', 'order idle RSS / baseline', 'order spawn-to-ready / baseline']);
    expect(report.passed).toBe(false);

    const good = measurements({ services: { product: proc([100], 60) } });
    good.scenarios = good.scenarios.filter((s) => s.name !== 'order.create');
    expect(buildReport(good).passed).toBe(true);
  });

  it('any error, in the warm-up or the measured run, fails its check', () => {
    const m = measurements();
    m.scenarios[1] = { ...m.scenarios[1]!, result: load(8000, { warmupErrors: 2 }) };
    const report = buildReport(m);
    expect(report.checks.find((c) => c.what === 'product.get errors')).toMatchObject({ value: 2, pass: false });
  });

  it('takes the mean of the baseline runs (first and last) as the yardstick', () => {
    const m = measurements();
    m.scenarios.push({ name: 'baseline (again)', target: 'baseline', connections: 16, note: 'bare', result: load(30_000) });
    const report = buildReport(m);
    expect(report.throughput.find((t) => t.name === 'product.get')?.ratio).toBe(0.32);
    expect(report.throughput.find((t) => t.name === 'baseline (again)')?.ratio).toBe(1.2);
  });
});

describe('renderMarkdown', () => {
  it('prints one row per scenario and per process, and names what missed', () => {
    const m = measurements();
    m.scenarios[2] = { ...m.scenarios[2]!, result: load(500, { errors: 3, errorsByCode: { HTTP_503: 3 } }) };
    const text = renderMarkdown(buildReport(m));
    expect(text).toContain('| `product.get` — one product | 16 | 8000 | 1.00 | 5.00 | 0.40× | ≥ 0.35 | 0 |');
    expect(text).toContain('| 0.025× | ≥ 0.03 **missed** | **3** (HTTP_503 3) |');
    expect(text).toMatch(/\| product \| 2000 \| 95 \| 1\.90× \| 200 \| 60\.0 \| 1\.50× \| 70\.0 \| 80\.0 \|/);
    expect(text).toContain('database PostgreSQL 15.20');
    expect(text).toContain('| CPU ms per request | autocannon | product |');
    expect(text).toContain('| `product.get` | 0.020 | 0.271 |');
    expect(text).toContain('| `order.create` |  |  |');
    expect(text).toMatch(/Missed 4 of \d+ targets: .*order\.create errors 3 \(needs = 0\)/);
  });
});
