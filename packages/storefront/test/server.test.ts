// The storefront's server on its own: the tRPC proxy against a stand-in service (and one that is down),
// and the pages' answers. Real sockets on loopback.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@shop/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/server/logger.js';
import { createStorefrontServer } from '../src/server/server.js';
import { loadStaticFiles } from '../src/server/static-files.js';

const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
}));

describe('the storefront server', () => {
  let dir = '';
  let base = '';
  const seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const servers: Server[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storefront-files-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), `<!doctype html><div id="root"></div>${' '.repeat(600)}`);
    await writeFile(join(dir, 'assets', 'app-abc123.js'), 'console.log("app");');
    // A stand-in product service that echoes what it got.
    const product = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'product' }).end('{"result":{"data":{"ok":true}}}');
      });
    });
    servers.push(product);
    const productUrl = await listen(product);
    // Nothing listens on the cart's port: the service is down.
    const cartUrl = `http://127.0.0.1:${await freePort()}`;
    const front = createStorefrontServer({ logger: createLogger('silent'), files: await loadStaticFiles(dir), upstreams: { product: productUrl, cart: cartUrl } });
    servers.push(front.server);
    base = await listen(front.server);
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await rm(dir, { recursive: true, force: true });
  });

  it('forwards /trpc/<service>. with its path, query, body and headers, and returns the answer as it came', async () => {
    const res = await fetch(`${base}/trpc/product.list?input=%7B%22limit%22%3A2%7D`, { headers: { authorization: 'Bearer t', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-upstream')).toBe('product');
    expect(await res.json()).toEqual({ result: { data: { ok: true } } });
    const post = await fetch(`${base}/trpc/product.reserve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"orderId":"o1"}' });
    expect(post.status).toBe(200);
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ['GET', '/trpc/product.list?input=%7B%22limit%22%3A2%7D', ''],
      ['POST', '/trpc/product.reserve', '{"orderId":"o1"}'],
    ]);
    expect(seen[0]?.headers).toMatchObject({ authorization: 'Bearer t', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
  });

  it('answers a tRPC SERVICE_UNAVAILABLE the client understands when the service is down', async () => {
    const res = await fetch(`${base}/trpc/cart.get`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503 }, message: 'The cart service is unavailable' } });
  });

  it('serves the app for its pages, a 404 for any other path, and never the app for the services’ paths', async () => {
    const statuses = async (paths: string[]) => Promise.all(paths.map(async (p) => [p, (await fetch(`${base}${p}`)).status]));
    expect(await statuses(['/', '/cart', '/products/p001', '/orders/o1', '/assets/app-abc123.js', '/nope', '/assets/missing.js', '/trpc/user.me', '/trpc/nothing', '/.well-known/openid-configuration', '/healthz', '/readyz', '/metrics'])).toEqual([
      ['/', 200], ['/cart', 200], ['/products/p001', 200], ['/orders/o1', 200], ['/assets/app-abc123.js', 200], ['/nope', 404], ['/assets/missing.js', 404],
      // user is not proxied here, and /trpc/nothing names no service.
      ['/trpc/user.me', 404], ['/trpc/nothing', 404], ['/.well-known/openid-configuration', 404], ['/healthz', 200], ['/readyz', 200], ['/metrics', 200],
    ]);
    const page = await fetch(`${base}/cart`, { headers: { 'accept-encoding': 'gzip' } });
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const asset = await fetch(`${base}/assets/app-abc123.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/storefront_http_requests_total\{kind="proxy",code="503"\} 1/);
  });
});
