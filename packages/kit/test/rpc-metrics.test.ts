import fc from 'fast-check';
import { Counter, Histogram, Registry, type Metric } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { CallResult } from '../src/http/trpc-handler.js';
import { metricsRegistry, recordCall, setupMetrics } from '../src/observability/metrics.js';
import { RpcCallStats } from '../src/observability/rpc-metrics.js';

// The kit's RPC metrics must print exactly what prom-client's own Counter and Histogram printed before
// (names, help, labels and their order, buckets), so the reference is prom-client itself, set up as the
// kit set it up.
const REQUESTS = 'rpc_server_requests_total';
const DURATION = 'rpc_server_duration_seconds';
const REQUESTS_HELP = 'tRPC procedure calls served, by procedure and result code';
const DURATION_HELP = 'tRPC procedure call duration, by procedure and result code';
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DEFAULT_LABELS = { service: 'svc', version: '1.2.3' };

type Call = Pick<CallResult, 'path' | 'type' | 'code' | 'durationMs'>;

function promClientReference(): { registry: Registry; record: (call: Call) => void } {
  const registry = new Registry();
  registry.setDefaultLabels(DEFAULT_LABELS);
  const labelNames = ['procedure', 'type', 'code'] as const;
  const requests = new Counter({ name: REQUESTS, help: REQUESTS_HELP, labelNames, registers: [registry] });
  const duration = new Histogram({ name: DURATION, help: DURATION_HELP, labelNames, buckets: BUCKETS, registers: [registry] });
  return {
    registry,
    record: (call) => {
      const labels = { procedure: call.path, type: call.type, code: call.code };
      requests.labels(labels).inc();
      duration.labels(labels).observe(call.durationMs / 1000);
    },
  };
}

const LABEL_NAMES = ['procedure', 'type', 'code'] as const;

function ours(): { registry: Registry; stats: RpcCallStats; record: (call: Call) => void } {
  const registry = new Registry();
  registry.setDefaultLabels(DEFAULT_LABELS);
  const stats = new RpcCallStats(BUCKETS);
  for (const metric of [stats.counter({ name: REQUESTS, help: REQUESTS_HELP, labelNames: LABEL_NAMES }), stats.histogram({ name: DURATION, help: DURATION_HELP, labelNames: LABEL_NAMES })]) {
    registry.registerMetric(metric as unknown as Metric);
  }
  return { registry, stats, record: (call) => stats.record(call.path, call.type, call.code, call.durationMs / 1000) };
}

async function expectSameAsPromClient(calls: readonly Call[]): Promise<string> {
  const reference = promClientReference();
  const mine = ours();
  for (const call of calls) {
    reference.record(call);
    mine.record(call);
  }
  const text = await mine.registry.metrics();
  expect(text).toBe(await reference.registry.metrics());
  const [json, referenceJson] = [await mine.registry.getMetricsAsJSON(), await reference.registry.getMetricsAsJSON()];
  expect(json).toStrictEqual(referenceJson);
  expect(JSON.stringify(json)).toBe(JSON.stringify(referenceJson)); // key order, too
  return text;
}

// Durations in ms whose seconds are exactly each bucket bound.
const onBounds = BUCKETS.map((le) => le * 1000);

describe('RPC metrics against prom-client', () => {
  it('prints the same text and JSON for several series, in first-seen order', async () => {
    const text = await expectSameAsPromClient([
      { path: 'product.get', type: 'query', code: 'OK', durationMs: 0.4 },
      { path: 'cart.addItem', type: 'mutation', code: 'OK', durationMs: 12.5 },
      { path: 'product.get', type: 'query', code: 'NOT_FOUND', durationMs: 3 },
      { path: 'product.get', type: 'query', code: 'OK', durationMs: 7.25 },
      { path: '(unknown)', type: 'unknown', code: 'NOT_FOUND', durationMs: 0.05 },
    ]);
    // The comparison is only worth something if the text has what we expect in it.
    expect(text).toContain(
      'rpc_server_requests_total{procedure="product.get",type="query",code="OK",service="svc",version="1.2.3"} 2',
    );
    expect(text).toContain(
      'rpc_server_duration_seconds_bucket{le="0.005",service="svc",version="1.2.3",procedure="product.get",type="query",code="NOT_FOUND"} 1',
    );
    expect(text.match(/^rpc_server_requests_total\{/gm)).toHaveLength(4);
  });

  it('counts a value exactly on a bound in that bucket, 0 in the first, and one above the last only in +Inf', async () => {
    for (const [i, ms] of onBounds.entries()) expect(ms / 1000).toBe(BUCKETS[i]);
    const calls: Call[] = [...onBounds, 0, 10_000.001, 60_000].map((durationMs) => ({ path: 'p', type: 'query', code: 'OK', durationMs }));
    const text = await expectSameAsPromClient(calls);
    const sample = (le: string) =>
      text.split('\n').find((line) => line.startsWith(`${DURATION}_bucket{le="${le}",`))?.split(' ')[1];
    expect(sample('0.001')).toBe('2'); // 0 and 0.001
    expect(sample('0.0025')).toBe('3');
    expect(sample('10')).toBe(String(BUCKETS.length + 1));
    expect(sample('+Inf')).toBe(String(calls.length));
  });

  it('prints nothing for the RPC metrics before the first call', async () => {
    const text = await expectSameAsPromClient([]);
    expect(text).toContain(`# TYPE ${REQUESTS} counter`);
    expect(text).not.toMatch(/^rpc_server_\w+\{/m);
  });

  it('agrees with prom-client on any list of calls', async () => {
    const call = fc.record({
      // Label values the text format must escape, too.
      path: fc.oneof(fc.constantFrom('product.get', 'cart.addItem', '(unknown)'), fc.string({ maxLength: 12 })),
      type: fc.constantFrom('query', 'mutation', 'subscription', 'unknown'),
      code: fc.constantFrom('OK', 'NOT_FOUND', 'BAD_REQUEST', 'INTERNAL_SERVER_ERROR'),
      durationMs: fc.oneof(
        fc.constantFrom(0, ...onBounds),
        fc.double({ min: 0, max: 20_000, noNaN: true }),
        fc.double({ min: 0, max: 30, noNaN: true }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(call, { maxLength: 60 }), async (calls) => {
        await expectSameAsPromClient(calls);
      }),
      { numRuns: 150 },
    );
  });

  it('drops a non-finite duration instead of throwing on the request path', async () => {
    const { registry, record } = ours();
    record({ path: 'p', type: 'query', code: 'OK', durationMs: Number.NaN });
    record({ path: 'p', type: 'query', code: 'OK', durationMs: Number.POSITIVE_INFINITY });
    expect(await registry.getSingleMetricAsString(REQUESTS)).not.toContain('procedure="p"');
  });

  it('is cleared by Registry.resetMetrics()', async () => {
    const { registry, record } = ours();
    record({ path: 'p', type: 'query', code: 'OK', durationMs: 1 });
    registry.resetMetrics();
    expect(await registry.metrics()).not.toMatch(/^rpc_server_\w+\{/m);
  });
});

describe('the kit registry', () => {
  const rpcText = async (registry: Registry) =>
    `${await registry.getSingleMetricAsString(REQUESTS)}\n${await registry.getSingleMetricAsString(DURATION)}`;
  const calls: Call[] = [
    { path: 'product.get', type: 'query', code: 'OK', durationMs: 1.5 },
    { path: 'order.place', type: 'mutation', code: 'CONFLICT', durationMs: 40 },
    { path: 'product.get', type: 'query', code: 'OK', durationMs: 0.2 },
  ];

  it('records nothing before setupMetrics()', () => {
    recordCall({ path: 'early', type: 'query', code: 'OK', durationMs: 1 });
    expect(metricsRegistry.getSingleMetric(REQUESTS)).toBeUndefined();
  });

  it('serves recordCall() through metricsRegistry as prom-client did, with the default metrics beside it', async () => {
    setupMetrics(DEFAULT_LABELS.service, DEFAULT_LABELS.version);
    const reference = promClientReference();
    for (const call of calls) {
      recordCall({ ...call });
      reference.record(call);
    }
    expect(await rpcText(metricsRegistry)).toBe(await rpcText(reference.registry));
    const all = await metricsRegistry.metrics();
    expect(all).toContain('process_cpu_user_seconds_total');
    expect(all).not.toContain('procedure="early"');
  });

  it('takes setupMetrics() again without throwing, keeping the counts and taking the new labels', async () => {
    expect(() => setupMetrics('svc2', '2')).not.toThrow();
    const text = await metricsRegistry.getSingleMetricAsString(REQUESTS);
    expect(text).toContain('rpc_server_requests_total{procedure="product.get",type="query",code="OK",service="svc2",version="2"} 2');
    expect((await metricsRegistry.metrics()).match(/^# TYPE process_cpu_user_seconds_total /gm)).toHaveLength(1);
  });
});
