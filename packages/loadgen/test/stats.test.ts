import { describe, expect, it } from 'vitest';
import { Stats } from '../src/stats.js';
import { smokeVerdict } from '../src/summary.js';
import { createRandom, pickWeighted } from '../src/random.js';
import { Gate } from '../src/gate.js';

describe('Stats', () => {
  it('gives percentiles per procedure from the recorded latencies', () => {
    const stats = new Stats();
    for (let ms = 1; ms <= 1000; ms++) stats.record('product.get', ms);
    const p = stats.procedures()['product.get'];
    expect(p?.count).toBe(1000);
    // HDR keeps 3 significant digits: within 0.1 %.
    expect(p?.p50Ms).toBeCloseTo(500, -0.5);
    expect(p?.p95Ms).toBeCloseTo(950, -0.5);
    expect(p?.p99Ms).toBeCloseTo(990, -0.5);
    expect(p?.maxMs).toBeCloseTo(1000, -0.5);
    expect(p?.meanMs).toBeCloseTo(500.5, -0.5);
  });

  it('counts errors by code and includes them in the totals', () => {
    const stats = new Stats();
    stats.record('order.create', 20);
    stats.record('order.create', 30, 'CONFLICT');
    stats.record('order.create', 10_000, 'TIMEOUT');
    stats.record('cart.get', 5, 'UNAUTHORIZED');
    const all = stats.procedures(['order.create', 'cart.get']);
    expect(Object.keys(all)).toEqual(['order.create', 'cart.get']);
    expect(all['order.create']).toMatchObject({ count: 3, errors: 2, errorsByCode: { CONFLICT: 1, TIMEOUT: 1 } });
    expect(stats.total).toBe(4);
    expect(stats.errors).toBe(3);
    expect(stats.overall().maxMs).toBeCloseTo(10_000, -1);
  });

  it('lists procedures in the given order, unknown ones after, sorted', () => {
    const stats = new Stats();
    for (const name of ['z.last', 'a.first', 'cart.get', 'product.get']) stats.record(name, 1);
    expect(Object.keys(stats.procedures(['product.get', 'user.me', 'cart.get']))).toEqual(['product.get', 'cart.get', 'a.first', 'z.last']);
  });

  it('the progress window starts over each time it is taken', () => {
    const stats = new Stats();
    stats.record('a', 1);
    stats.record('a', 200, 'TIMEOUT');
    const first = stats.takeInterval();
    expect(first).toMatchObject({ requests: 2, errors: 1 });
    expect(first.p99Ms).toBeCloseTo(200, -0.5);
    expect(stats.takeInterval()).toMatchObject({ requests: 0, errors: 0, p99Ms: 0 });
    expect(stats.total).toBe(2);
  });
});

describe('smokeVerdict', () => {
  const totals = (requests: number, errors: number) => ({ totals: { requests, errors, errorRate: requests ? errors / requests : 0 } }) as never;
  it('passes at or under the threshold and fails above it or with no traffic', () => {
    expect(smokeVerdict(totals(1000, 10), 0.01).passed).toBe(true);
    expect(smokeVerdict(totals(1000, 11), 0.01)).toMatchObject({ passed: false });
    expect(smokeVerdict(totals(1000, 11), 0.01).reason).toContain('11 of 1000 requests failed');
    expect(smokeVerdict(totals(0, 0), 0.5)).toMatchObject({ passed: false, reason: 'no request was sent' });
  });
});

describe('pickWeighted', () => {
  it('follows the weights and never picks a zero weight', () => {
    const random = createRandom(42);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) counts[pickWeighted(random, { a: 1, b: 3, c: 0 })]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.7);
    expect(counts.b / counts.a).toBeLessThan(3.3);
  });

  it('is reproducible from its seed', () => {
    const run = (seed: number) => Array.from({ length: 10 }, createRandom(seed));
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });
});

describe('Gate', () => {
  it('spends the request budget, then closes', async () => {
    const gate = new Gate({ rate: 0, budget: 3, durationS: 0 });
    const passes = await Promise.all(Array.from({ length: 5 }, () => gate.pass()));
    expect(passes.filter(Boolean)).toHaveLength(3);
  });

  it('holds the rate: 20 passes at 100/s take about 190 ms', async () => {
    const gate = new Gate({ rate: 100, budget: undefined, durationS: 0 });
    const started = performance.now();
    for (let i = 0; i < 20; i++) expect(await gate.pass()).toBe(true);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThan(170);
    expect(elapsed).toBeLessThan(1000);
  });

  it('close() releases shoppers waiting for a slot', async () => {
    const gate = new Gate({ rate: 0.5, budget: undefined, durationS: 0 });
    expect(await gate.pass()).toBe(true);
    const waiting = gate.pass();
    gate.close();
    expect(await waiting).toBe(false);
    expect(await gate.pass()).toBe(false);
  });
});
