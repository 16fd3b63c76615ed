import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { propagation, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { EMPTY_CONTEXT, runInContext } from '../observability/async-context.js';
import { randomRequestId } from './request-id.js';
import type { Logger } from 'pino';
import { createRequestLog } from './request-log.js';
import { withRequestScope } from './request-scope.js';
import type { TrpcHandler } from './trpc-handler.js';

/** A plain HTTP route beside tRPC (probes, metrics, JWKS). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServerOptions {
  trpc: TrpcHandler;
  /** True once shutdown began: responses then ask clients to reconnect elsewhere. */
  isDraining?: () => boolean;
  /** Keyed by "METHOD /path". */
  routes: Record<string, RouteHandler>;
  log: Logger;
}

const headerGetter = {
  keys: (carrier: IncomingMessage['headers']) => Object.keys(carrier),
  get: (carrier: IncomingMessage['headers'], key: string) => carrier[key],
};
const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** Requests being served now, probes excluded: shutdown waits for them. */
export interface InFlight {
  count(): number;
}

/**
 * One request: a server span continuing the caller's trace, a request id (the caller's or new), the
 * request scope outgoing calls read, then the route. Probes and metrics skip tracing and logs.
 */
export function createHttpServer(options: HttpServerOptions): Server & { inFlight: InFlight } {
  const { trpc, routes, log, isDraining } = options;
  let inFlight = 0;
  const logRequest = createRequestLog(log);
  // The headers the propagators read: a request with none of them starts a new trace without asking them.
  let traceHeaders: string[] | undefined;
  // Looked up on the first request, after setupTracing: one taken at import is a proxy forwarding every call.
  let tracer: Tracer | undefined;

  const handle = (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const pathname = q === -1 ? raw : raw.slice(0, q);
    // `/trpc/` belongs to tRPC: no route lookup (a string built and hashed) on the hot path.
    const isTrpc = pathname.startsWith('/trpc/');
    const route = isTrpc ? undefined : routes[`${req.method} ${pathname}`];
    if (route && !pathname.startsWith('/.well-known/')) return route(req, res);
    inFlight++;
    if (isDraining?.()) res.setHeader('connection', 'close');
    const headers = req.headers;
    const incomingId = headers['x-request-id'];
    const requestId = typeof incomingId === 'string' && REQUEST_ID.test(incomingId) ? incomingId : randomRequestId();
    traceHeaders ??= propagation.fields();
    let parent = EMPTY_CONTEXT;
    for (const name of traceHeaders) {
      if (headers[name] === undefined) continue;
      parent = propagation.extract(EMPTY_CONTEXT, headers, headerGetter);
      break;
    }
    const procedure = isTrpc ? pathname.slice(6) : pathname;
    tracer ??= trace.getTracer('@shop/kit/server');
    const span = tracer.startSpan(
      `${req.method} ${procedure}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': pathname, 'rpc.system': 'trpc' } },
      parent,
    );
    const active = withRequestScope(trace.setSpan(parent, span), { requestId, authorization: headers.authorization });
    const started = performance.now();
    // One listener for everything that happens when the request is over (finished or abandoned).
    res.on('close', () => {
      inFlight--;
      const status = res.statusCode;
      if (span.isRecording()) {
        span.setAttribute('http.response.status_code', status);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
      logRequest(req, res, requestId, performance.now() - started, span.spanContext());
    });
    if (isTrpc) {
      const search = q === -1 ? '' : raw.slice(q + 1);
      return runInContext(active, () => trpc(req, res, procedure, search, requestId));
    }
    res.setHeader('x-request-id', requestId);
    if (route) return runInContext(active, () => route(req, res));
    sendJson(res, 404, { error: { message: `No route ${req.method} ${pathname}`, code: 'NOT_FOUND' } });
  };

  const fail = (res: ServerResponse, err: unknown) => {
    log.error({ err }, 'unhandled request error');
    if (!res.headersSent) sendJson(res, 500, { error: { message: 'Internal server error', code: 'INTERNAL_SERVER_ERROR' } });
    else res.destroy();
  };
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 60_000 }, (req, res) => {
    // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3); reading it
    // once (which returns nothing) marks it consumed. Node otherwise finds it unread when the response
    // finishes and resumes it to drain a body that is not there: eight process.nextTick callbacks a
    // request, each also running Node 20's async hooks. Whoever reads it later still gets its end.
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) req.read();
    try {
      const pending = handle(req, res);
      // Only a promise is waited for (an untyped route may return whatever res.end returned).
      if (pending instanceof Promise) pending.catch((err: unknown) => fail(res, err));
    } catch (err) {
      fail(res, err);
    }
  });
  // Longer than any load balancer's idle timeout so the proxy, not us, closes idle connections.
  server.headersTimeout = 66_000;
  return Object.assign(server, { inFlight: { count: () => inFlight } });
}
