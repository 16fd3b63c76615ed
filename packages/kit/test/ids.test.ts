import { isValidSpanId, isValidTraceId } from '@opentelemetry/api';
import { expect, it } from 'vitest';
import { randomRequestId } from '../src/http/request-id.js';
import { HexIdGenerator } from '../src/observability/trace-ids.js';

it('makes valid, distinct W3C trace and span ids', () => {
  const ids = new HexIdGenerator();
  const traces = new Set<string>();
  const spans = new Set<string>();
  for (let i = 0; i < 10_000; i++) {
    const traceId = ids.generateTraceId();
    const spanId = ids.generateSpanId();
    expect(isValidTraceId(traceId) && /^[0-9a-f]{32}$/.test(traceId), traceId).toBe(true);
    expect(isValidSpanId(spanId) && /^[0-9a-f]{16}$/.test(spanId), spanId).toBe(true);
    traces.add(traceId);
    spans.add(spanId);
  }
  expect(traces.size).toBe(10_000);
  expect(spans.size).toBe(10_000);
  // Every hex digit shows up in every position: the bytes are formatted, not just the low bits.
  const digits = Array.from({ length: 32 }, (_, position) => new Set([...traces].map((id) => id[position])).size);
  expect(Math.min(...digits)).toBe(16);
});

it('makes request ids that are version 4 UUIDs, distinct, with every random digit used', () => {
  const ids = Array.from({ length: 10_000 }, () => randomRequestId()); // many refills of the random pool
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(new Set(ids).size).toBe(ids.length);
  const digits = Array.from({ length: 36 }, (_, position) => new Set(ids.map((id) => id[position])).size);
  // Fixed: the dashes, the version digit and (four values) the variant digit; all others take all 16.
  expect(digits).toEqual(Array.from({ length: 36 }, (_, p) => ([8, 13, 18, 23, 14].includes(p) ? 1 : p === 19 ? 4 : 16)));
});
