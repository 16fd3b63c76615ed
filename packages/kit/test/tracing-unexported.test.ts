import {
  ROOT_CONTEXT,
  SpanKind,
  TraceFlags,
  context,
  propagation,
  trace,
  type Context,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { baseEnvSchema } from '../src/config/env.js';
import { setupTracing, type Tracing } from '../src/observability/tracing.js';
import { startOtlpReceiver } from './support/otlp-receiver.js';

const PARENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN = '00f067aa0ba902b7';
const SPAN_ID = /^[0-9a-f]{16}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;

let tracing: Tracing | undefined;

/** setupTracing as a service calls it, from environment variables. */
function setup(vars: Record<string, string> = {}): Tracing {
  tracing = setupTracing('unexported-test', baseEnvSchema.parse({ DATABASE_URL: 'postgres://db/test', ...vars }));
  return tracing;
}

// setupTracing sets process-wide OpenTelemetry globals, which can be set only once unless disabled first.
async function reset(): Promise<void> {
  await tracing?.shutdown();
  tracing = undefined;
  trace.disable();
  context.disable();
  propagation.disable();
}
afterEach(reset);

/** A context holding a remote parent, extracted from headers the way the HTTP server does it. */
function remoteParent(flags: '00' | '01', tracestate?: string): Context {
  const headers: Record<string, string> = { traceparent: `00-${PARENT_TRACE}-${PARENT_SPAN}-${flags}` };
  if (tracestate) headers.tracestate = tracestate;
  return propagation.extract(ROOT_CONTEXT, headers);
}

const tracer = () => trace.getTracer('unexported-test');
const serverSpan = (parent: Context): Span => tracer().startSpan('GET thing', { kind: SpanKind.SERVER }, parent);
const sampled = (sc: SpanContext): boolean => (sc.traceFlags & TraceFlags.SAMPLED) !== 0;

describe('tracing with no exporter configured', () => {
  it('continues a remote parent in a non-recording span with a fresh span id, its sampled flag and its trace state', () => {
    setup();
    const span = serverSpan(remoteParent('01', 'vendor=abc,other=1'));
    const sc = span.spanContext();
    expect(span.isRecording()).toBe(false);
    expect(sc.traceId).toBe(PARENT_TRACE);
    expect(sc.spanId).toMatch(SPAN_ID);
    expect(sc.spanId).not.toBe(PARENT_SPAN);
    expect(sc.isRemote).toBeFalsy();
    expect(sampled(sc)).toBe(true);
    expect(sc.traceState?.serialize()).toBe('vendor=abc,other=1');
    // The calls the server and client make on their spans are harmless no-ops.
    span.setAttribute('http.response.status_code', 200);
    span.setStatus({ code: 2 });
    span.end();
    expect(span.spanContext()).toEqual(sc);
  });

  it('keeps an unsampled parent unsampled (parentbased_always_on by default)', () => {
    setup();
    const sc = serverSpan(remoteParent('00')).spanContext();
    expect(sc.traceId).toBe(PARENT_TRACE);
    expect(sampled(sc)).toBe(false);
  });

  it('gives every span its own span id', () => {
    setup();
    const parent = remoteParent('01');
    const ids = new Set(Array.from({ length: 1000 }, () => serverSpan(parent).spanContext().spanId));
    expect(ids.size).toBe(1000);
  });

  it('injects the new span, not the parent, into outgoing W3C and B3 headers', () => {
    setup();
    const parent = remoteParent('01');
    const server = serverSpan(parent);
    const carrier: Record<string, string> = {};
    context.with(trace.setSpan(parent, server), () => {
      // As the service client does: a CLIENT span under the active SERVER span, injected into the request.
      const client = tracer().startSpan('GET back', { kind: SpanKind.CLIENT });
      const { spanId } = client.spanContext();
      expect(spanId).not.toBe(server.spanContext().spanId);
      propagation.inject(trace.setSpan(context.active(), client), carrier);
      expect(carrier.traceparent).toBe(`00-${PARENT_TRACE}-${spanId}-01`);
      expect(carrier['x-b3-traceid']).toBe(PARENT_TRACE);
      expect(carrier['x-b3-spanid']).toBe(spanId);
      expect(carrier['x-b3-sampled']).toBe('1');
    });
  });

  it('startActiveSpan runs the function with the span active and returns its result, in every overload', async () => {
    setup();
    const parent = remoteParent('01');
    const injected = (span: Span): string => {
      expect(trace.getActiveSpan()).toBe(span);
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      return carrier.traceparent ?? '';
    };
    const expected = (span: Span) => `00-${PARENT_TRACE}-${span.spanContext().spanId}-01`;

    // Parent from the active context (two and three arguments), then passed explicitly (four).
    context.with(parent, () => {
      let seen: Span | undefined;
      expect(tracer().startActiveSpan('two', (span) => ((seen = span), injected(span)))).toBe(expected(seen as Span));
      expect(tracer().startActiveSpan('three', { kind: SpanKind.INTERNAL }, (span) => ((seen = span), injected(span)))).toBe(
        expected(seen as Span),
      );
    });
    let seen: Span | undefined;
    expect(tracer().startActiveSpan('four', {}, parent, (span) => ((seen = span), injected(span)))).toBe(expected(seen as Span));
    expect(trace.getActiveSpan()).toBeUndefined();

    // An async function's promise comes back, and the span stays active across its awaits.
    const traceId = await tracer().startActiveSpan('async', {}, parent, async (span) => {
      await new Promise((r) => setTimeout(r, 1));
      expect(trace.getActiveSpan()).toBe(span);
      return span.spanContext().traceId;
    });
    expect(traceId).toBe(PARENT_TRACE);
  });

  it('starts root spans with a new valid trace id, also when asked for a root under a parent', () => {
    setup();
    const a = tracer().startSpan('a').spanContext();
    const b = tracer().startSpan('b').spanContext();
    for (const sc of [a, b]) {
      expect(trace.isSpanContextValid(sc)).toBe(true);
      expect(sc.traceId).toMatch(TRACE_ID);
      expect(sc.spanId).toMatch(SPAN_ID);
      expect(sampled(sc)).toBe(true);
    }
    expect(a.traceId).not.toBe(b.traceId);
    const root = tracer().startSpan('root', { root: true }, remoteParent('01')).spanContext();
    expect(root.traceId).toMatch(TRACE_ID);
    expect(root.traceId).not.toBe(PARENT_TRACE);
  });

  it('applies the configured sampler', async () => {
    setup({ OTEL_TRACES_SAMPLER: 'always_off' });
    expect(sampled(serverSpan(remoteParent('01')).spanContext())).toBe(false);
    expect(sampled(tracer().startSpan('root').spanContext())).toBe(false);
    await reset();

    setup({ OTEL_TRACES_SAMPLER: 'always_on' });
    expect(sampled(serverSpan(remoteParent('00')).spanContext())).toBe(true);
    expect(sampled(tracer().startSpan('root').spanContext())).toBe(true);
    await reset();

    setup({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' });
    expect(sampled(serverSpan(remoteParent('01')).spanContext())).toBe(true);
    expect(sampled(tracer().startSpan('root').spanContext())).toBe(false);
  });

  it('treats OTEL_SDK_DISABLED=true as no exporter, even with an endpoint set', async () => {
    const disabled = setup({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    const span = serverSpan(remoteParent('01'));
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().traceId).toBe(PARENT_TRACE);
    await expect(disabled.shutdown()).resolves.toBeUndefined();
  });
});

describe('tracing with an exporter configured', () => {
  it('records SDK spans and exports them on shutdown', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const shutdown = setup({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'exported-test' });
      const span = serverSpan(remoteParent('01'));
      expect(span.isRecording()).toBe(true);
      expect(span.spanContext().traceId).toBe(PARENT_TRACE);
      span.end();
      await shutdown.shutdown();
      tracing = undefined;
      expect(receiver.spans).toContainEqual(
        expect.objectContaining({ service: 'exported-test', traceId: PARENT_TRACE, spanId: span.spanContext().spanId, parentSpanId: PARENT_SPAN }),
      );
    } finally {
      await receiver.close();
    }
  });

  it('puts the same sampled flag on spans as the non-recording tracer does, for every sampler', async () => {
    const receiver = await startOtlpReceiver();
    try {
      // Ratio 0.5 makes the decision depend on the trace id, which both tracers see the same for child spans.
      const traceIds = Array.from({ length: 32 }, (_, i) => `${((i + 1) * 0x9e3779b1).toString(16).padStart(16, '0').slice(-16)}${'ab'.repeat(8)}`);
      const samplers = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'];
      const flags = async (vars: Record<string, string>): Promise<boolean[]> => {
        setup(vars);
        const out = traceIds.flatMap((id) => {
          const parents = ['01', '00'].map((f) => propagation.extract(ROOT_CONTEXT, { traceparent: `00-${id}-${PARENT_SPAN}-${f}` }));
          // A root span's trace id is random, so its ratio decision is too: compare roots for the other samplers only.
          if (!vars.OTEL_TRACES_SAMPLER?.endsWith('traceidratio')) parents.push(ROOT_CONTEXT);
          return parents.map((parent) => sampled(serverSpan(parent).spanContext()));
        });
        await reset();
        return out;
      };
      for (const sampler of samplers) {
        const vars = { OTEL_TRACES_SAMPLER: sampler, OTEL_TRACES_SAMPLER_ARG: '0.5' };
        const unexported = await flags(vars);
        const exported = await flags({ ...vars, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
        expect({ sampler, flags: unexported }).toEqual({ sampler, flags: exported });
        // The ratio case must see both outcomes, or it compares nothing interesting.
        if (sampler === 'traceidratio') expect(new Set(unexported)).toEqual(new Set([true, false]));
      }
    } finally {
      await receiver.close();
    }
  });
});
