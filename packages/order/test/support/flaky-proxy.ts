// A loopback HTTP proxy in front of a service, to make chosen procedures fail the way networks do.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * pass: forwarded as is; refuse: the connection is dropped before the service sees the request;
 * lose-response: the service handles the request, then the connection is dropped before its answer.
 */
export type Fault = 'pass' | 'refuse' | 'lose-response';

export interface FlakyProxy {
  url: string;
  /** Where requests go; set once the service's address is known. */
  target: string | undefined;
  /** The fault per procedure (e.g. 'product.reserve'); anything not listed passes. */
  faults: Record<string, Fault>;
  /** Procedures the service actually received, in order. */
  forwarded: string[];
  close(): Promise<void>;
}

export async function startFlakyProxy(): Promise<FlakyProxy> {
  const proxy: FlakyProxy = { url: '', target: undefined, faults: {}, forwarded: [], close: () => Promise.resolve() };

  const forward = (req: IncomingMessage, res: ServerResponse, procedure: string) => {
    const fault = proxy.faults[procedure] ?? 'pass';
    if (fault === 'refuse' || !proxy.target) return req.socket.destroy();
    proxy.forwarded.push(procedure);
    const upstream = request(`${proxy.target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      if (fault === 'lose-response') {
        answer.resume();
        answer.once('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.once('error', () => req.socket.destroy());
    req.pipe(upstream);
  };

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    forward(req, res, path.startsWith('/trpc/') ? path.slice('/trpc/'.length) : path);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
