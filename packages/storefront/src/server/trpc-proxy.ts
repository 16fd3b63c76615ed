// `/trpc/<service>.<procedure>` forwarded to that service, as the Istio gateway routes it in the cluster,
// so the browser uses one base URL locally too. Bodies and answers are streamed through untouched.
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

/** Each service's base URL (e.g. `{ product: 'http://127.0.0.1:3001' }`). */
export type Upstreams = Readonly<Record<string, string>>;

const PROCEDURE = /^\/trpc\/([a-z]+)\./;
// Hop-by-hop headers are the connection's own, not the request's (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

/** The service a path is for, or undefined when the path is not `/trpc/<service>.…`. */
export function serviceOfPath(pathname: string): string | undefined {
  return PROCEDURE.exec(pathname)?.[1];
}

/** A tRPC error body the client understands, for when the service cannot be reached at all. */
function unavailable(res: ServerResponse, service: string): void {
  const body = JSON.stringify({
    error: { message: `The ${service} service is unavailable`, code: -32603, data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 } },
  });
  if (!res.headersSent) res.writeHead(503, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export interface TrpcProxy {
  /** Forwards the request when its path is a routed procedure; false when it is not one. */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
}

export function createTrpcProxy(upstreams: Upstreams, timeoutMs = 15_000): TrpcProxy {
  return {
    handle(req, res, pathname) {
      const service = serviceOfPath(pathname);
      const base = service ? upstreams[service] : undefined;
      if (!service || !base) return false;
      const target = new URL(req.url ?? '/', base);
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
      headers['x-forwarded-host'] = req.headers.host ?? '';
      const upstream = httpRequest(target, { method: req.method, headers, timeout: timeoutMs }, (answer) => {
        const out: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
        answer.once('error', () => res.destroy());
      });
      upstream.once('timeout', () => upstream.destroy(new Error('upstream timeout')));
      upstream.once('error', () => unavailable(res, service));
      // A browser that goes away mid-request cancels the upstream call too.
      res.once('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      req.pipe(upstream);
      return true;
    },
  };
}

/** `PRODUCT_SERVICE_URL`, `CART_SERVICE_URL`, … from an environment, keyed by service. */
export function upstreamsFromEnv(env: NodeJS.ProcessEnv, services: readonly string[]): Upstreams {
  const found: Record<string, string> = {};
  for (const service of services) {
    const url = env[`${service.toUpperCase()}_SERVICE_URL`];
    if (url) found[service] = url;
  }
  return found;
}
