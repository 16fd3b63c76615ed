import { isValidSpanId, isValidTraceId } from '@opentelemetry/api';
import { expect, it } from 'vitest';
import { HexIdGenerator } from '../src/observability/random-ids.js';

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
