import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
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

const tracer = trace.getTracer('@shop/kit/server');
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

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const pathname = q === -1 ? raw : raw.slice(0, q);
    const route = routes[`${req.method} ${pathname}`];
    if (route && !pathname.startsWith('/.well-known/')) {
      await route(req, res);
      return;
    }
    inFlight++;
    if (isDraining?.()) res.setHeader('connection', 'close');
    const incomingId = req.headers['x-request-id'];
    const requestId = typeof incomingId === 'string' && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    res.setHeader('x-request-id', requestId);
    const parent = propagation.extract(ROOT_CONTEXT, req.headers, headerGetter);
    const isTrpc = pathname.startsWith('/trpc/');
    const procedure = isTrpc ? pathname.slice(6) : pathname;
    const span = tracer.startSpan(
      `${req.method} ${procedure}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': pathname, 'rpc.system': 'trpc' } },
      parent,
    );
    const active = withRequestScope(trace.setSpan(parent, span), { requestId, authorization: req.headers.authorization });
    const started = performance.now();
    // One listener for everything that happens when the request is over (finished or abandoned).
    res.once('close', () => {
      inFlight--;
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      // Inside the span and scope, so the line carries trace_id and request_id.
      context.with(active, logRequest, undefined, req, res, requestId, performance.now() - started);
    });
    await context.with(active, async () => {
      if (isTrpc) await trpc(req, res, procedure, q === -1 ? '' : raw.slice(q + 1));
      else if (route) await route(req, res);
      else sendJson(res, 404, { error: { message: `No route ${req.method} ${pathname}`, code: 'NOT_FOUND' } });
    });
  };

  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 60_000 }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err }, 'unhandled request error');
      if (!res.headersSent) sendJson(res, 500, { error: { message: 'Internal server error', code: 'INTERNAL_SERVER_ERROR' } });
      else res.destroy();
    });
  });
  // Longer than any load balancer's idle timeout so the proxy, not us, closes idle connections.
  server.headersTimeout = 66_000;
  return Object.assign(server, { inFlight: { count: () => inFlight } });
}
