import type { AnyProcedure } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { getTRPCErrorFromUnknown, isPromise, type ProcedureType } from '@trpc/server/unstable-core-do-not-import';

/** What a call ends in: the resolver's data, or the error tRPC would throw. */
export type Outcome = { ok: true; data: unknown } | { ok: false; error: TRPCError };

/** What the handler knows of one call. */
export interface CallOptions {
  path: string;
  type: ProcedureType;
  ctx: unknown;
  getRawInput: () => Promise<unknown>;
  batchIndex: number;
}

/** Where a call's AbortSignal comes from: read only when a middleware or resolver asks for it. */
export interface SignalSource {
  readonly signal: AbortSignal | undefined;
}

/** tRPC's middleware result (`next()` resolves to it; a middleware's throw becomes `ok: false`). */
type MiddlewareResult = { ok: true; data: unknown; ctx?: unknown; marker?: unknown } | { ok: false; error: TRPCError; marker?: unknown };

interface NextOptions {
  ctx?: Record<string, unknown>;
  input?: unknown;
  getRawInput?: () => Promise<unknown>;
}

type Next = (opts?: NextOptions) => MiddlewareResult | Promise<MiddlewareResult>;

/**
 * The options each middleware and the resolver get, as tRPC builds them. `signal` is a getter on the
 * prototype: an accessor with its own closure on every object would give each a hidden class of its own,
 * which V8 keeps in old space, and the garbage collector then costs more than the call. (A middleware that
 * copies its options with `{ ...opts }` copies own fields only; it reads `opts.signal` directly.)
 */
class MiddlewareOptions {
  readonly #signals: SignalSource;

  constructor(
    call: CallOptions,
    signals: SignalSource,
    public ctx: unknown,
    public input: unknown,
    public getRawInput: () => Promise<unknown>,
    public meta: unknown,
    public next: Next,
  ) {
    this.path = call.path;
    this.type = call.type;
    this.batchIndex = call.batchIndex;
    this.#signals = signals;
  }

  path: string;
  type: ProcedureType;
  batchIndex: number;

  get signal(): AbortSignal | undefined {
    return this.#signals.signal;
  }
}

type Middleware = (opts: MiddlewareOptions) => MiddlewareResult | Promise<MiddlewareResult>;
type Resolver = (opts: MiddlewareOptions) => unknown;

interface ProcedureDef {
  middlewares: Middleware[];
  resolver?: Resolver;
  meta?: unknown;
  experimental_caller?: boolean;
}

const marker = 'middlewareMarker';
const noResult = () =>
  new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'No result from middlewares - did you forget to `return next()`?' });
const settle = (result: MiddlewareResult | undefined): Outcome =>
  !result ? { ok: false, error: noResult() } : result.ok ? { ok: true, data: result.data } : { ok: false, error: result.error };
const rejected = (cause: unknown): MiddlewareResult => ({ ok: false, error: getTRPCErrorFromUnknown(cause), marker });

/**
 * Runs a procedure's middlewares and resolver as tRPC's `callRecursive` does — same options to each
 * middleware, same `next()` merging of ctx and input, a throw anywhere becomes an error result — without
 * its object spreads and awaits: a step that returns a value goes on at once, so a synchronous resolver
 * answers without a promise. The last middleware is tRPC's wrapper around the resolver; the resolver is
 * called directly instead. Procedures with an `experimental_caller` go through tRPC itself.
 */
export function callProcedure(procedure: AnyProcedure, opts: CallOptions, signals: SignalSource): Outcome | Promise<Outcome> {
  const def = procedure._def as unknown as ProcedureDef;
  if (def.experimental_caller) {
    return (procedure({ ...opts, signal: signals.signal }) as Promise<unknown>).then(
      (data): Outcome => ({ ok: true, data }),
      (cause: unknown): Outcome => ({ ok: false, error: getTRPCErrorFromUnknown(cause) }),
    );
  }
  const { middlewares, resolver, meta } = def;
  const last = middlewares.length - 1;

  const step = (index: number, ctx: unknown, input: unknown, getRawInput: () => Promise<unknown>): MiddlewareResult | Promise<MiddlewareResult> => {
    const next: Next = (nextOpts) =>
      step(
        index + 1,
        nextOpts?.ctx ? { ...(ctx as Record<string, unknown>), ...nextOpts.ctx } : ctx,
        nextOpts && 'input' in nextOpts ? nextOpts.input : input,
        nextOpts?.getRawInput ?? getRawInput,
      );
    const options = new MiddlewareOptions(opts, signals, ctx, input, getRawInput, meta, next);
    try {
      if (index === last && resolver) {
        const data = resolver(options);
        return isPromise(data)
          ? data.then((value): MiddlewareResult => ({ ok: true, data: value, ctx, marker }), rejected)
          : { ok: true, data, ctx, marker };
      }
      const middleware = middlewares[index];
      if (!middleware) return { ok: false, error: noResult(), marker };
      const result = middleware(options);
      return isPromise(result) ? result.then(undefined, rejected) : result;
    } catch (cause) {
      return rejected(cause);
    }
  };

  const result = step(0, opts.ctx, undefined, opts.getRawInput);
  return isPromise(result) ? result.then(settle) : settle(result);
}
