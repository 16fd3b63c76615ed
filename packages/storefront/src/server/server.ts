// The storefront's HTTP server: probes, metrics, the tRPC proxy (when upstreams are given) and the pages,
// either the built files (production) or Vite's dev middleware (`pnpm dev`). One request log line each.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { StaticFiles } from './static-files.js';
import { createTrpcProxy, type Upstreams } from './trpc-proxy.js';

/** Vite's connect middleware stack in dev: it answers or calls `next`. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

export interface StorefrontServerOptions {
  logger: Logger;
  /** The built pages; or `pages` for Vite's dev middleware. */
  files?: StaticFiles;
  pages?: Middleware;
  /** Service base URLs to proxy `/trpc/<service>.` to; in the cluster the gateway routes those instead. */
  upstreams?: Upstreams;
}

export interface StorefrontServer {
  server: Server;
  /** Readiness fails from now on (SIGTERM), while requests in flight finish. */
  drain(): void;
}

type Kind = 'page' | 'proxy' | 'probe' | 'metrics' | 'other';

export function createStorefrontServer(options: StorefrontServerOptions): StorefrontServer {
  const { logger } = options;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'storefront_http_requests_total', help: 'Requests answered, by kind and status code', labelNames: ['kind', 'code'], registers: [registry] });
  const duration = new Histogram({ name: 'storefront_http_duration_seconds', help: 'Time to answer, by kind', labelNames: ['kind'], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers: [registry] });
  const proxy = createTrpcProxy(options.upstreams ?? {});
  let draining = false;

  const text = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
  };

  function route(req: IncomingMessage, res: ServerResponse, pathname: string): Kind {
    if (pathname === '/healthz') return text(res, 200, 'ok'), 'probe';
    if (pathname === '/readyz') return text(res, draining ? 503 : 200, draining ? 'draining' : 'ready'), 'probe';
    if (pathname === '/metrics') {
      void registry.metrics().then((body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body));
      return 'metrics';
    }
    if (proxy.handle(req, res, pathname)) return 'proxy';
    // The services' paths are never pages: an unrouted one is a 404, not the app's index.html.
    if (pathname.startsWith('/trpc/') || pathname.startsWith('/.well-known/')) return text(res, 404, 'Not found'), 'other';
    if (options.pages) {
      options.pages(req, res, () => text(res, 404, 'Not found'));
      return 'page';
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return text(res, 405, 'Method not allowed'), 'other';
    }
    if (options.files?.serve(req, res, pathname)) return 'page';
    return text(res, 404, 'Not found'), 'other';
  }

  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    let pathname = '/';
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://storefront').pathname);
    } catch {
      text(res, 400, 'Bad request');
      return;
    }
    const kind = route(req, res, pathname);
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      requests.inc({ kind, code: String(res.statusCode) });
      duration.observe({ kind }, seconds);
      // Probes and scrapes every few seconds would drown the lines that matter.
      if (kind === 'probe' || kind === 'metrics') return;
      logger.info({ req: { method: req.method, url: req.url }, res: { statusCode: res.statusCode }, responseTime: Math.round(seconds * 1000) }, 'request completed');
    });
  });
  server.keepAliveTimeout = 65_000;
  return { server, drain: () => (draining = true) };
}
