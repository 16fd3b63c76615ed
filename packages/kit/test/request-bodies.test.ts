import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpServer } from '../src/http/server.js';
import { createTrpcHandler } from '../src/http/trpc-handler.js';
import { conformanceContext, conformanceRouter } from './fixtures/conformance-router.js';

// The server marks requests without a body consumed so Node does not drain them. Every way a request is
// read, or not, must still work on a kept-alive connection: reading to the end, ignoring a body that is
// there, pipelined requests behind one nobody read.
const bytesRead = async (req: IncomingMessage, res: ServerResponse) => {
  let length = 0;
  for await (const chunk of req) length += (chunk as Buffer).length;
  res.end(String(length));
};
const ignores = (_req: IncomingMessage, res: ServerResponse) => {
  res.end('ignored');
};
const server = createHttpServer({
  trpc: createTrpcHandler({ router: conformanceRouter, createContext: (req) => conformanceContext(req.headers) }),
  routes: { 'GET /read': bytesRead, 'POST /read': bytesRead, 'GET /ignore': ignores, 'POST /ignore': ignores },
  log: pino({ level: 'silent' }),
});
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

/** Writes `raw` on one connection and returns the bodies of the `count` responses that come back. */
function exchange(raw: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const bodies: string[] = [];
      let rest = received;
      for (;;) {
        const head = rest.indexOf('\r\n\r\n');
        if (head === -1) break;
        const length = Number(/content-length: (\d+)/i.exec(rest.slice(0, head))?.[1] ?? 0);
        if (rest.length < head + 4 + length) break;
        bodies.push(rest.slice(head + 4, head + 4 + length));
        rest = rest.slice(head + 4 + length);
      }
      if (bodies.length === count) {
        socket.destroy();
        resolve(bodies);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`connection closed after: ${JSON.stringify(received)}`)));
    socket.setTimeout(5_000, () => {
      socket.destroy();
      reject(new Error(`timed out after: ${JSON.stringify(received)}`));
    });
  });
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;
const post = (path: string, body: string) => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
const chunked = (path: string, parts: string[]) =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${parts.map((p) => `${p.length.toString(16)}\r\n${p}\r\n`).join('')}0\r\n\r\n`;

it('answers pipelined requests without bodies, read or not, in order on one connection', async () => {
  const raw = get('/trpc/ping') + get('/read') + get('/ignore') + get('/trpc/ping') + get('/read');
  expect(await exchange(raw, 5)).toEqual(['{"result":{"data":{"pong":true}}}', '0', 'ignored', '{"result":{"data":{"pong":true}}}', '0']);
});

it('reads bodies of every framing, and drains those nobody read before the next request', async () => {
  const raw =
    post('/read', 'hello') +
    post('/ignore', 'x'.repeat(100_000)) + // more than a stream buffers: left unread, it would stall the connection
    chunked('/read', ['ab', 'cde']) +
    chunked('/ignore', ['zz']) +
    `GET /read HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc` +
    get('/trpc/ping');
  expect(await exchange(raw, 6)).toEqual(['5', 'ignored', '5', 'ignored', '3', '{"result":{"data":{"pong":true}}}']);
});

it('many kept-alive requests in a row leave nothing behind on the connection', async () => {
  const bodies = await exchange(Array.from({ length: 300 }, (_, i) => get(i % 2 ? '/read' : '/trpc/ping')).join(''), 300);
  expect(bodies.filter((b) => b === '0')).toHaveLength(150);
  expect(server.inFlight.count()).toBe(0);
});
