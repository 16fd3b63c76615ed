import {
  INVALID_SPAN_CONTEXT,
  SpanKind,
  TraceFlags,
  context,
  trace,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { SamplingDecision, type Sampler } from '@opentelemetry/sdk-trace-base';
import { HexIdGenerator } from './trace-ids.js';

const NO_ATTRIBUTES = Object.freeze({});
const NO_LINKS = Object.freeze([]) as [];

/**
 * A tracer for when nothing exports spans: it hands out non-recording spans that carry exactly the trace
 * context the SDK tracer would (parent's trace id and trace state, a fresh span id, the configured sampler's
 * decision in the flags), so propagation and log correlation are unchanged, without the SDK span's cost
 * (attributes, timestamps, span-processor calls) for data no one receives.
 */
export class NonRecordingTracer implements Tracer {
  private readonly ids = new HexIdGenerator();

  constructor(private readonly sampler: Sampler) {}

  startSpan(name: string, options: SpanOptions = {}, ctx: Context = context.active()): Span {
    // Same steps, in the same order, as the SDK's Tracer.startSpan, minus the recording.
    if (options.root) ctx = trace.deleteSpan(ctx);
    if (isTracingSuppressed(ctx)) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    const parent = trace.getSpanContext(ctx);
    const spanId = this.ids.generateSpanId();
    const child = parent !== undefined && trace.isSpanContextValid(parent);
    const traceId = child ? parent.traceId : this.ids.generateTraceId();
    const sampling = this.sampler.shouldSample(
      ctx,
      traceId,
      name,
      options.kind ?? SpanKind.INTERNAL,
      options.attributes ?? NO_ATTRIBUTES,
      options.links ?? NO_LINKS,
    );
    return trace.wrapSpanContext({
      traceId,
      spanId,
      traceFlags: sampling.decision === SamplingDecision.RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE,
      traceState: sampling.traceState ?? (child ? parent.traceState : undefined),
    });
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, ctx: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    a: F | SpanOptions,
    b?: F | Context,
    c?: F,
  ): ReturnType<F> {
    let options: SpanOptions | undefined;
    let parent: Context | undefined;
    let fn: F;
    if (typeof a === 'function') fn = a;
    else if (typeof b === 'function') [options, fn] = [a, b];
    else if (c !== undefined) [options, parent, fn] = [a, b, c];
    else throw new TypeError('startActiveSpan needs a function to run');
    const ctx = parent ?? context.active();
    const span = this.startSpan(name, options, ctx);
    // F's parameter is a Span and it returns ReturnType<F>; the cast only spells that out for context.with.
    return context.with(trace.setSpan(ctx, span), fn as (span: Span) => ReturnType<F>, undefined, span);
  }
}

/** Every scope gets the same tracer: a non-recording span has no instrumentation scope to remember. */
export class NonRecordingTracerProvider implements TracerProvider {
  private readonly tracer: NonRecordingTracer;

  constructor(sampler: Sampler) {
    this.tracer = new NonRecordingTracer(sampler);
  }

  getTracer(): Tracer {
    return this.tracer;
  }
}
