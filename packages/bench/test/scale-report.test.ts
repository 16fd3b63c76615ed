import { describe, expect, it } from 'vitest';
import type { FlashSaleResult } from '../src/flash-sale.js';
import type { LoadResult } from '../src/load.js';
import { renderMarkdown } from '../src/markdown.js';
import { parseBenchOptions } from '../src/options.js';
import { buildReport, type Measurements, type StalenessMeasurement } from '../src/report.js';
import { subjectOf } from '../src/scale.js';
import { zipfPicker } from '../src/zipf.js';

const load = (p99Ms: number, errors = 0): LoadResult => ({
  requestsPerS: 1000,
  count: 10_000,
  p50Ms: 1,
  p99Ms,
  errors,
  errorsByCode: errors ? { HTTP_500: errors } : {},
  durationS: 10,
  warmupErrors: 0,
});

const proc = { firstReadyMs: 100, readyMs: [50], rssIdleMiB: 40, rssAfterMiB: 50, peakMiB: 60 };
const staleness: StalenessMeasurement = {
  replicas: 2,
  changes: 300,
  p50Ms: 1.2,
  p99Ms: 4.5,
  maxMs: 9,
  fromWrite: { p50Ms: 2, p99Ms: 8, maxMs: 12 },
  staleAfterBound: 0,
  regressions: 0,
};
const flashSale: FlashSaleResult = {
  buyers: 1000,
  stock: 100,
  sold: 100,
  soldOut: 900,
  errors: {},
  stockLeft: 0,
  durationS: 4,
  ordersPerS: 250,
  p50Ms: 900,
  p99Ms: 3500,
};

function measurements(extra: Partial<Measurements>): Measurements {
  return {
    date: new Date('2026-12-01T10:00:00Z'),
    quick: false,
    settings: { warmupS: 5, seconds: 15 },
    environment: { node: 'v24', cpus: 2, cpuModel: 'CPU', memoryGiB: 24, database: 'PostgreSQL 15', tracing: 't', logging: 'l', traceExports: { requests: 0, bytes: 0 } },
    baseline: proc,
    services: {},
    scenarios: [{ name: 'baseline', target: 'baseline', connections: 16, note: 'bare', result: load(1) }],
    ...extra,
  };
}

describe('the report of issue 11', () => {
  it('checks the hot queries p99 at 100k against 2× their p99 at 30, with a 1 ms floor', () => {
    const report = buildReport(
      measurements({
        scale: {
          small: '30 products',
          large: '100,000 products',
          queries: [
            { name: 'first catalog page', note: 'list', small: load(2), large: load(3) },
            { name: 'search: word', note: "'bottle'", small: load(2), large: load(9) },
            { name: 'order.list', note: 'heavy', small: load(0), large: load(1.5, 2) },
          ],
        },
      }),
    );
    expect(report.scale?.queries.map((q) => [q.name, q.ratio])).toEqual([
      ['first catalog page', 1.5],
      ['search: word', 4.5],
      ['order.list', 1.5],
    ]);
    expect(report.checks.filter((c) => !c.pass).map((c) => c.what)).toEqual([
      'search: word p99 at 100,000 products / at 30 products',
      'order.list errors (both sizes)',
    ]);
    const text = renderMarkdown(report);
    expect(text).toContain('| hot query | p99 ms at 30 products | p99 ms at 100,000 products | ratio | target | errors |');
    expect(text).toContain("| search: word — 'bottle' | 2.00 | 9.00 | 4.50× | ≤ 2 **missed** | 0 |");
  });

  it('reports the staleness and the flash sale, and fails on a p99 over 50 ms or a wrong count sold', () => {
    const good = buildReport(measurements({ staleness, flashSale }));
    expect(good.passed).toBe(true);
    const text = renderMarkdown(good);
    expect(text).toContain('Catalog cache staleness, 2 product replicas, 300 stock changes (commit → every replica serving it): p50 1.2 ms, p99 4.5 ms, max 9 ms');
    expect(text).toContain('Flash sale: 1000 buyers, one product, stock 100: 100 sold, 900 told sold out, 0 other answers, stock left 0; 250 orders/s, p50 900 ms, p99 3500 ms');

    const bad = buildReport(measurements({ staleness: { ...staleness, p99Ms: 51 }, flashSale: { ...flashSale, sold: 101, stockLeft: 0 } }));
    expect(bad.checks.filter((c) => !c.pass).map((c) => c.what)).toEqual(['catalog cache staleness p99 ms (2 replicas)', 'flash sale: sold']);
  });

  it('leaves the sections out when they were not measured', () => {
    const report = buildReport(measurements({}));
    expect([report.staleness, report.scale, report.flashSale]).toEqual([null, null, null]);
    expect(renderMarkdown(report)).not.toMatch(/Flash sale|staleness|hot query/);
  });
});

describe('bench options of issue 11', () => {
  it('defaults to the small seed, 300 staleness changes and 1,000 flash-sale buyers (quick: 50 and 100)', () => {
    expect(parseBenchOptions([])).toMatchObject({ seed: 'small', stalenessChanges: 300, flashSaleBuyers: 1000 });
    expect(parseBenchOptions(['--quick'])).toMatchObject({ stalenessChanges: 50, flashSaleBuyers: 100 });
    expect(parseBenchOptions(['--seed', 'large', '--flash-sale', '0'])).toMatchObject({ seed: 'large', flashSaleBuyers: 0 });
    expect(() => parseBenchOptions(['--seed', 'huge'])).toThrow(/--seed must be small or large/);
  });
});

describe('zipfPicker', () => {
  it('is deterministic and skewed: the top 1 % of 100,000 products get over half the picks', () => {
    const a = zipfPicker(100_000);
    const b = zipfPicker(100_000);
    const picks = Array.from({ length: 20_000 }, () => a());
    expect(Array.from({ length: 20_000 }, () => b())).toEqual(picks);
    expect(picks.every((k) => Number.isInteger(k) && k >= 0 && k < 100_000)).toBe(true);
    expect(picks.filter((k) => k < 1_000).length / picks.length).toBeGreaterThan(0.5);
    expect(new Set(picks).size).toBeGreaterThan(2_000); // a long tail, not a handful
  });

  it('on 30 products the favourite gets about a quarter of the picks', () => {
    const pick = zipfPicker(30);
    const picks = Array.from({ length: 10_000 }, () => pick());
    const share = picks.filter((k) => k === 0).length / picks.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.33);
  });
});

describe('subjectOf', () => {
  it('reads the user id from a token and refuses one without it', () => {
    const token = (claims: object) => `x.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.y`;
    expect(subjectOf(token({ sub: 'u-1' }))).toBe('u-1');
    expect(() => subjectOf(token({}))).toThrow(/sub/);
  });
});
