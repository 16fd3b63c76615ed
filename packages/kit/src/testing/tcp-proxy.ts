// A loopback TCP proxy between a service and its database, to fail the network the way it fails in
// production: connections refused, or packets silently dropped (a partition, a dead node).
import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** pass: forwarded; refuse: every connection is closed at once; blackhole: nothing goes through, nothing is closed. */
export type TcpFault = 'pass' | 'refuse' | 'blackhole';

export interface TcpProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  rewrite(url: string): string;
  /** Switches the fault; leaving a blackhole drops the connections caught in it (their bytes are lost). */
  set(fault: TcpFault): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let fault: TcpFault = 'pass';
  const pairs = new Set<{ client: Socket; upstream: Socket | undefined; holed: boolean }>();

  const server = createServer((client) => {
    const pair = { client, upstream: undefined as Socket | undefined, holed: false };
    pairs.add(pair);
    const drop = () => {
      client.destroy();
      pair.upstream?.destroy();
      pairs.delete(pair);
    };
    client.on('error', drop);
    client.on('close', drop);
    if (fault === 'refuse') return drop();
    if (fault === 'blackhole') {
      pair.holed = true;
      client.on('data', () => undefined);
      return;
    }
    const upstream = createConnection(target);
    pair.upstream = upstream;
    upstream.on('error', drop);
    upstream.on('close', drop);
    // Forwarded by hand (not pipe) so a blackhole can swallow bytes in both directions.
    client.on('data', (chunk: Buffer) => {
      if (fault === 'blackhole') pair.holed = true;
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (fault === 'blackhole') pair.holed = true;
      else client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    rewrite(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    set(next) {
      const was = fault;
      fault = next;
      for (const pair of [...pairs]) {
        if (next === 'refuse' || (was === 'blackhole' && next === 'pass' && pair.holed)) {
          pair.client.destroy();
          pair.upstream?.destroy();
          pairs.delete(pair);
        }
      }
    },
    close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
