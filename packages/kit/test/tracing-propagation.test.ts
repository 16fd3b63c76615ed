import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceProcess, TestDatabase } from '../src/testing/index.js';
import { logLines, startEcho } from './support/echo.js';
import { startOtlpReceiver } from './support/otlp-receiver.js';

// Two real service processes: "front" calls "back" through a typed client.
describe('trace context across two services', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  const started: Array<{ service: ServiceProcess; db: TestDatabase }> = [];
  let front: ServiceProcess;
  let back: ServiceProcess;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    const b = await startEcho('back', otel);
    const f = await startEcho('front', { ...otel, DOWNSTREAM_URL: b.service.url });
    started.push(b, f);
    back = b.service;
    front = f.service;
  });

  afterAll(async () => {
    for (const { service, db } of started) {
      await service.stop();
      await db.drop();
    }
    await receiver.close();
  });

  it('forwards x-request-id and Authorization, and both services export spans of one trace', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${front.url}/trpc/relay.headers`, {
      headers: {
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        'x-request-id': 'req-abc-123',
        authorization: 'Bearer opaque-token',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-abc-123');
    const body = (await res.json()) as { result: { data: { requestId: string; authorization: string } } };
    expect(body.result.data).toEqual({ requestId: 'req-abc-123', authorization: 'Bearer opaque-token' });

    // Spans are batched; wait for both services' exports.
    const deadline = Date.now() + 10_000;
    const inTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
    while (new Set(inTrace().map((s) => s.service)).size < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const spans = inTrace();
    const frontServer = spans.find((s) => s.service === 'front' && s.kind === 2);
    const frontClient = spans.find((s) => s.service === 'front' && s.kind === 3);
    const backServer = spans.find((s) => s.service === 'back' && s.kind === 2);
    expect(frontServer?.parentSpanId).toBe('00f067aa0ba902b7');
    expect(frontClient?.parentSpanId).toBe(frontServer?.spanId);
    expect(backServer?.parentSpanId).toBe(frontClient?.spanId);

    // Every request log line carries the trace id and the request id.
    for (const service of [front, back]) {
      const line = logLines(service).find((l) => (l.req as { url?: string } | undefined)?.url?.includes('headers'));
      expect(line?.trace_id).toBe(traceId);
      expect(line?.request_id).toBe('req-abc-123');
    }
  });

  it('carries B3 headers too', async () => {
    const traceId = '80f198ee56343ba864fe8b2a57d3eff7';
    const res = await fetch(`${front.url}/trpc/relay.headers`, {
      headers: { 'x-b3-traceid': traceId, 'x-b3-spanid': 'e457b5a2e4d86bd1', 'x-b3-sampled': '1' },
    });
    expect(res.status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (!receiver.spans.some((s) => s.traceId === traceId && s.service === 'back') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(receiver.spans.filter((s) => s.traceId === traceId).map((s) => s.service)).toContain('back');
  });

  it('maps a downstream deadline to GATEWAY_TIMEOUT and a stopped downstream to SERVICE_UNAVAILABLE', async () => {
    const slow = await fetch(`${front.url}/trpc/relay.slow?input=${encodeURIComponent('{"ms":2000}')}`);
    expect(slow.status).toBe(504);
    expect(((await slow.json()) as { error: { data: { code: string } } }).error.data.code).toBe('GATEWAY_TIMEOUT');

    await back.stop();
    const down = await fetch(`${front.url}/trpc/relay.headers`);
    const body = (await down.json()) as { error: { message: string; data: { code: string } } };
    expect(down.status).toBe(503);
    expect(body.error.data.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts/);
  });
});
