import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AnyTRPCRouter, inferRouterContext } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import {
  defaultTransformer,
  getErrorShape,
  getHTTPStatusCode,
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  isObject,
  isPromise,
  transformTRPCResponse,
  type AnyRootTypes,
  type RootConfig,
  type TRPCErrorShape,
  type TRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';
import { assertStorable } from '../input/storable.js';
import { retryAfterOf } from '../trpc/retry-after.js';
import { callProcedure, type Outcome } from './call-procedure.js';
import { readBody } from './read-body.js';
import { parseTrpcRequest, type TrpcCall, type TrpcRequest } from './trpc-request.js';

/** One finished procedure call, for metrics and logs. */
export interface CallResult {
  path: string;
  type: 'query' | 'mutation' | 'subscription' | 'unknown';
  code: TRPC_ERROR_CODE_KEY | 'OK';
  durationMs: number;
  error?: TRPCError;
}

export interface TrpcHandlerOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter;
  /** `requestId` is the one the server answers with (when it passes one to the handler). */
  createContext: (
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string | undefined,
  ) => inferRouterContext<TRouter> | Promise<inferRouterContext<TRouter>>;
  /** Largest accepted request body; larger is 413 PAYLOAD_TOO_LARGE. */
  maxBodyBytes?: number;
  /**
   * Most calls in one batch (`?batch=1`); more is 400 as a whole, before any runs. A batch is one request
   * to every limit in front of the service (rate limits, the login throttle's client count), so it stays small.
   */
  maxBatchSize?: number;
  onCall?: (result: CallResult) => void;
  /** Rewrites a call's error before it is formatted (the kit maps failed downstream calls here). */
  mapError?: (error: TRPCError) => TRPCError;
}

/**
 * Serves `/trpc/<path>`; `path` is what follows `/trpc/`, `search` the query string without `?`, and
 * `requestId`, when given, is answered in `x-request-id` (in the one writeHead, not a separate setHeader).
 */
export type TrpcHandler = (req: IncomingMessage, res: ServerResponse, path: string, search: string, requestId?: string) => void | Promise<void>;

/**
 * The metrics label of a call that names no procedure: paths come from clients, and a label per made-up
 * path would grow Prometheus without bound.
 */
export const UNKNOWN_PATH = '(unknown)';

/** Calls per batch: what a page of the storefront sends at once, far from what starves a process. */
export const DEFAULT_MAX_BATCH_SIZE = 10;

/** The router with its transformer's input deserializer refusing text PostgreSQL cannot store. */
function withInputGuard<TRouter extends AnyTRPCRouter>(router: TRouter): TRouter {
  const config = router._def._config as RootConfig<AnyRootTypes>;
  const { input, output } = config.transformer;
  const transformer = {
    input: { serialize: (value: unknown): unknown => input.serialize(value), deserialize: (value: unknown): unknown => assertStorable(input.deserialize(value)) },
    output,
  };
  return { ...router, _def: { ...router._def, _config: { ...config, transformer } } };
}

const VARY = 'trpc-accept, accept';
const JSON_TYPE = 'application/json';
// tRPC answers a request it rejects as a whole with a bare string Response, which Fetch labels so.
const WHOLE_REQUEST_ERROR_TYPE = 'text/plain;charset=UTF-8';
const ACCEPTED_METHOD = { query: 'GET', mutation: 'POST', subscription: 'GET' } as const;

/** What a failed whole request or call is answered with when even the error formatter throws. */
const FALLBACK_BODY = JSON.stringify({
  error: { code: -32603, message: 'Internal server error', data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 } },
});

interface Reply {
  status: number;
  body: string;
  contentType: string | undefined;
  /** The final code of each call (a result that cannot be sent becomes an error). */
  codes: (TRPCError | undefined)[];
}

function mediaType(headers: IncomingHttpHeaders): string | undefined {
  return headers['content-type']?.toLowerCase().split(';', 1)[0]?.trim();
}

/** Streaming (httpBatchStreamLink) and non-JSON bodies are left to tRPC's own adapter. */
function needsOfficialAdapter(headers: IncomingHttpHeaders): boolean {
  const type = mediaType(headers);
  if (type === 'multipart/form-data' || type === 'application/octet-stream') return true;
  const trpcAccept = headers['trpc-accept'];
  if (trpcAccept !== undefined) return trpcAccept === 'application/jsonl';
  return headers.accept?.split(',').some((t) => t.trim() === 'application/jsonl') ?? false;
}

/** Same test as tRPC: a value it would have to stream cannot go into a plain JSON response. */
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const field = value[key];
    if (isPromise(field) || isAsyncIterable(field)) return true;
  }
  return false;
}

/**
 * `{"result":{"data":…}}` for a result going out as plain JSON, as JSON.stringify would write it. Only the
 * data is serialized: each object level costs JSON.stringify about as much as a small result. A value with
 * its own toJSON goes the long way, since toJSON is told the key it is under.
 */
function resultBody(data: unknown): string {
  if (data != null && typeof (data as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify({ result: { data } });
  const json = JSON.stringify(data) as string | undefined;
  // What JSON leaves out (undefined, a function) leaves the result empty.
  return json === undefined ? '{"result":{}}' : `{"result":{"data":${json}}}`;
}

const notStreamable = () =>
  new TRPCError({
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
  });

/** One request being answered: what its calls share, and what its answer needs. */
class Invocation<Ctx = unknown> {
  /** Set when a call was refused for its method: the methods its procedure accepts. */
  allow: string | undefined = undefined;
  #controller: AbortController | undefined;

  constructor(
    readonly res: ServerResponse,
    readonly method: string,
    readonly request: TrpcRequest,
    readonly ctx: Ctx | undefined,
    readonly ctxError: TRPCError | undefined,
    readonly started: number,
    readonly requestId: string | undefined,
  ) {}

  /**
   * Aborted when the client leaves before its answer. Made, with its close listener, on first use: most
   * procedures never look, and an AbortController per request is a measurable cost.
   */
  get signal(): AbortSignal {
    if (!this.#controller) {
      const controller = new AbortController();
      this.#controller = controller;
      const res = this.res;
      if (res.destroyed) controller.abort();
      else
        res.once('close', () => {
          if (!res.writableEnded) controller.abort();
        });
    }
    return this.#controller.signal;
  }
}

const failure = (cause: unknown): Outcome => ({ ok: false, error: getTRPCErrorFromUnknown(cause) });

/** One call, checked as tRPC checks it (procedure, method, context) before its middlewares and resolver run. */
function invoke(invocation: Invocation, call: TrpcCall): Outcome | Promise<Outcome> {
  const { procedure, path, index } = call;
  if (!procedure) return failure(new TRPCError({ code: 'NOT_FOUND', message: `No procedure found on path "${path}"` }));
  const type = procedure._def.type;
  const accepted = ACCEPTED_METHOD[type];
  if (invocation.method !== accepted) {
    invocation.allow = accepted;
    const message = `Unsupported ${invocation.method}-request to ${type} procedure at path "${path}"`;
    return failure(new TRPCError({ code: 'METHOD_NOT_SUPPORTED', message }));
  }
  if (invocation.ctxError) return failure(invocation.ctxError);
  const inputs = invocation.request.inputs;
  return callProcedure(procedure, { path, type, ctx: invocation.ctx, getRawInput: () => inputs.read(index), batchIndex: index }, invocation);
}

/** A declared body not yet fully received (one already here is cheap to drain and keeps the connection). */
function bodyStillComing(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

function send(res: ServerResponse, reply: Reply, allow: string | undefined, requestId: string | undefined): void {
  if (res.destroyed || res.headersSent) return;
  const headers: OutgoingHttpHeaders = { vary: VARY, 'content-length': Buffer.byteLength(reply.body) };
  if (reply.contentType) headers['content-type'] = reply.contentType;
  if (allow) headers.allow = allow;
  let retryAfter = 0;
  for (const error of reply.codes) retryAfter = Math.max(retryAfter, retryAfterOf(error) ?? 0);
  if (retryAfter > 0) headers['retry-after'] = String(retryAfter);
  if (requestId) headers['x-request-id'] = requestId;
  // A body we did not read (oversized, or refused before it mattered: 401, 404, 405...) is not worth reading
  // to its end just to keep the connection: Node would otherwise drain all of it, however large.
  if (reply.status === 413 || bodyStillComing(res.req)) headers.connection = 'close';
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

/**
 * Serves tRPC v11's HTTP protocol (httpLink, httpBatchLink) directly on node:http, without the Fetch
 * Request/Response round trip of tRPC's node adapter, which costs most of a small call's time. Responses
 * are tRPC's own: its error formatter, status codes and response shapes (test/trpc-conformance.test.ts
 * compares them with the official adapter). Streaming links, subscriptions, form-data/binary bodies and
 * routers with lazy sub-routers are handed to the official adapter.
 */
export function createTrpcHandler<TRouter extends AnyTRPCRouter>(opts: TrpcHandlerOptions<TRouter>): TrpcHandler {
  const { router, onCall } = opts;
  const config = router._def._config as RootConfig<AnyRootTypes>;
  const maxBodyBytes = opts.maxBodyBytes ?? 1_048_576;
  const maxBatchSize = opts.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
  // tRPC's own adapter (streaming links, form data) reads inputs through the transformer: the same guard there.
  const guardedRouter = withInputGuard(router);
  // No transformer (tRPC's identity default): the response objects are already what goes on the wire.
  const plainJson = config.transformer === defaultTransformer;
  const serialize = <T extends TRPCResponse | TRPCResponse[]>(response: T): unknown =>
    plainJson ? response : transformTRPCResponse(config, response);
  const hasLazyRouters = Object.keys(router._def.lazy).length > 0;
  type Ctx = inferRouterContext<TRouter>;

  const report = (calls: readonly TrpcCall[], codes: readonly (TRPCError | undefined)[], started: number) => {
    if (!onCall) return;
    const durationMs = performance.now() - started;
    for (const call of calls) {
      const error = codes[call.index];
      const type = call.procedure?._def.type ?? 'unknown';
      const path = call.procedure ? call.path : UNKNOWN_PATH;
      onCall(error ? { path, type, code: error.code, durationMs, error } : { path, type, code: 'OK', durationMs });
    }
  };

  /** The answer to a request that failed as a whole (tRPC's outer catch): one error, no path. */
  const wholeRequestError = (cause: unknown, type: TrpcRequest['type'], ctx: Ctx | undefined, contentType: string): Reply => {
    const error = getTRPCErrorFromUnknown(cause);
    try {
      const shape: TRPCResponse = { error: getErrorShape({ config, error, type, path: undefined, input: undefined, ctx }) as TRPCErrorShape };
      return {
        status: getHTTPStatusCode(shape, [error]),
        body: JSON.stringify(serialize(shape)),
        contentType,
        codes: [error],
      };
    } catch {
      return { status: 500, body: FALLBACK_BODY, contentType: undefined, codes: [error] };
    }
  };

  const toResponse = (call: TrpcCall, outcome: Outcome, request: TrpcRequest, ctx: Ctx | undefined, type: TrpcRequest['type']): TRPCResponse =>
    outcome.ok
      ? { result: { data: outcome.data } }
      : {
          error: getErrorShape({ config, ctx, error: outcome.error, input: request.inputs.result(call.index), path: call.path, type }) as TRPCErrorShape,
        };

  const reply = (request: TrpcRequest, outcomes: Outcome[], ctx: Ctx | undefined): Reply => {
    try {
      if (!request.isBatch) {
        const call = request.calls[0] as TrpcCall;
        const outcome = outcomes[0] as Outcome;
        if (outcome.ok && isDataStream(outcome.data)) throw notStreamable();
        if (outcome.ok && plainJson) {
          // A single result is 200, as tRPC's getHTTPStatusCode would say, without its arrays and Set.
          return { status: 200, body: resultBody(outcome.data), contentType: JSON_TYPE, codes: [undefined] };
        }
        const response = toResponse(call, outcome, request, ctx, request.type);
        const codes = [outcome.ok ? undefined : outcome.error];
        return {
          status: outcome.ok ? 200 : getHTTPStatusCode([response], codes),
          body: JSON.stringify(serialize(response)),
          contentType: JSON_TYPE,
          codes,
        };
      }
      const settled = outcomes.map((o): Outcome => (o.ok && isDataStream(o.data) ? { ok: false, error: notStreamable() } : o));
      const responses = request.calls.map((call, i) =>
        toResponse(call, settled[i] as Outcome, request, ctx, call.procedure?._def.type ?? 'unknown'),
      );
      const codes = settled.map((o) => (o.ok ? undefined : o.error));
      return {
        status: getHTTPStatusCode(responses, codes),
        body: JSON.stringify(serialize(responses)),
        contentType: JSON_TYPE,
        codes,
      };
    } catch (cause) {
      const failed = wholeRequestError(cause, request.type, ctx, JSON_TYPE);
      return { ...failed, codes: request.calls.map(() => failed.codes[0]) };
    }
  };

  const official = async (req: IncomingMessage, res: ServerResponse, path: string, started: number, requestId: string | undefined) => {
    if (requestId) res.setHeader('x-request-id', requestId);
    let failed = false;
    await nodeHTTPRequestHandler({
      router: guardedRouter,
      req,
      res,
      path,
      maxBodySize: maxBodyBytes,
      maxBatchSize,
      createContext: ({ req: r, res: s }) => opts.createContext(r, s, requestId),
      onError: ({ error, path: p, type }) => {
        failed = true;
        onCall?.({ path: p ?? UNKNOWN_PATH, type, code: error.code, durationMs: performance.now() - started, error });
      },
    });
    if (!failed) onCall?.({ path, type: 'unknown', code: 'OK', durationMs: performance.now() - started });
  };

  const handle: TrpcHandler = (req, res, rawPath, search, requestId) => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    // tRPC answers HEAD with an empty 204 (load balancers and lambdas use it to warm up).
    if (method === 'HEAD') {
      res.writeHead(204, requestId ? { 'x-request-id': requestId } : undefined);
      res.end();
      return;
    }
    const path = rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
    // tRPC itself would answer OPTIONS or DELETE 415 for a missing content type: the method is what is wrong.
    if (method !== 'GET' && method !== 'POST') {
      const error = new TRPCError({ code: 'METHOD_NOT_SUPPORTED', message: `Unsupported ${method} request: queries are GET, mutations POST` });
      const failed = wholeRequestError(error, 'unknown', undefined, JSON_TYPE);
      send(res, failed, 'GET, POST', requestId);
      report([{ index: 0, path, procedure: null }], failed.codes, started);
      return;
    }
    if (hasLazyRouters || needsOfficialAdapter(req.headers)) return official(req, res, path, started, requestId);

    let request: TrpcRequest;
    try {
      const type = mediaType(req.headers);
      if (type !== 'application/json' && method !== 'GET') {
        const raw = req.headers['content-type'];
        const message = raw === undefined ? 'Missing content-type header' : `Unsupported content-type "${raw}`;
        throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message });
      }
      const params = search ? new URLSearchParams(search) : null;
      request = parseTrpcRequest(router, method, path, params, () => readBody(req, maxBodyBytes), maxBatchSize);
    } catch (cause) {
      const failed = wholeRequestError(cause, 'unknown', undefined, WHOLE_REQUEST_ERROR_TYPE);
      send(res, failed, undefined, requestId);
      report([{ index: 0, path, procedure: null }], failed.codes, started);
      return;
    }
    if (request.calls.some((call) => call.procedure?._def.type === 'subscription')) return official(req, res, path, started, requestId);

    const invocation = (ctx: Ctx | undefined, ctxError?: TRPCError) =>
      new Invocation<Ctx>(res, method, request, ctx, ctxError, started, requestId);
    let created: Ctx | Promise<Ctx>;
    try {
      created = opts.createContext(req, res, requestId);
    } catch (cause) {
      return run(invocation(undefined, getTRPCErrorFromUnknown(cause)));
    }
    // Promises only where something is pending: a synchronous context and procedure answer in this tick.
    if (!isPromise(created)) return run(invocation(created));
    return created.then(
      (ctx) => run(invocation(ctx)),
      (cause: unknown) => run(invocation(undefined, getTRPCErrorFromUnknown(cause))),
    );
  };

  /** Runs the calls of a parsed request with its context, then answers. */
  const run = (invocation: Invocation<Ctx>): void | Promise<void> => {
    const { request } = invocation;
    const finish = (outcomes: Outcome[]) => answer(invocation, outcomes);
    if (request.isBatch) return Promise.all(request.calls.map((call) => Promise.resolve(invoke(invocation, call)))).then(finish);
    const only = invoke(invocation, request.calls[0] as TrpcCall);
    if (isPromise(only)) return only.then((outcome) => finish([outcome]));
    finish([only]);
  };

  const answer = (invocation: Invocation<Ctx>, outcomes: Outcome[]): void => {
    const { res, request, started } = invocation;
    const mapError = opts.mapError;
    const replied = reply(request, mapError ? outcomes.map((o) => (o.ok ? o : { ok: false, error: mapError(o.error) })) : outcomes, invocation.ctx);
    if (res.destroyed) {
      // The client left before its answer: that is what the calls' metrics say, whatever they returned.
      const gone = new TRPCError({ code: 'CLIENT_CLOSED_REQUEST', message: 'The client closed the request' });
      report(request.calls, request.calls.map(() => gone), started);
      return;
    }
    send(res, replied, invocation.allow, invocation.requestId);
    report(request.calls, replied.codes, started);
  };

  return handle;
}
