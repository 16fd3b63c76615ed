// What an attacker sends a service: huge batches, text PostgreSQL cannot store, huge bodies on refused
// requests. Each is refused cheaply with a 4xx, never a 5xx, without reading more than it must.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceProcess, TestDatabase } from '../src/testing/index.js';
import { startEcho } from './support/echo.js';

let service: ServiceProcess;
let db: TestDatabase;

beforeAll(async () => {
  ({ service, db } = await startEcho('hostile'));
});
afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${service.url}${path}`, { headers });
  return { status: res.status, body: await res.text() };
};
const q = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(value))}`;

describe('batches', () => {
  it('up to 10 calls are served; 11 or more are refused as a whole with 400 before any runs', async () => {
    const inputs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { text: `t${i}` }]));
    const ten = await get(`/trpc/${Array(10).fill('echo.ping').join(',')}?batch=1&${q(inputs(10))}`);
    expect(ten.status).toBe(200);
    expect(JSON.parse(ten.body)).toHaveLength(10);
    for (const n of [11, 200]) {
      const many = await get(`/trpc/${Array(n).fill('echo.ping').join(',')}?batch=1&${q(inputs(n))}`);
      expect(many.status).toBe(400);
      expect(many.body).toContain('Batch call exceeds maximum size');
    }
    // The streaming link goes through tRPC's own adapter: the same cap there.
    const streamed = await get(`/trpc/${Array(11).fill('echo.ping').join(',')}?batch=1&${q(inputs(11))}`, { 'trpc-accept': 'application/jsonl' });
    expect(streamed.status).toBe(400);
  });
});

describe('text PostgreSQL cannot store', () => {
  it.each([
    ['a NUL', 'a\u0000b'],
    ['a lone high surrogate', 'a\uD800'],
    ['a lone low surrogate', '\uDC00z'],
  ])('%s in any input is 400 BAD_REQUEST, single, batched and streamed', async (_label, text) => {
    for (const [path, headers] of [
      [`/trpc/echo.ping?${q({ text })}`, {}],
      [`/trpc/echo.ping,echo.ping?batch=1&${q({ 0: { text: 'fine' }, 1: { text } })}`, {}],
      [`/trpc/echo.ping?batch=1&${q({ 0: { text } })}`, { 'trpc-accept': 'application/jsonl' }],
    ] as const) {
      const answer = await get(path, headers);
      expect(answer.status, path).toBeLessThan(500);
      expect(answer.body).toContain('BAD_REQUEST');
      expect(answer.body).toContain('cannot be stored');
    }
    // A key counts too, and a mutation's body as well.
    const res = await fetch(`${service.url}/trpc/notes.add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: text }),
    });
    expect(res.status).toBe(400);
  });

  it('a valid surrogate pair (an emoji) is fine', async () => {
    expect((await get(`/trpc/echo.ping?${q({ text: 'ok 😀' })}`)).status).toBe(200);
  });
});

describe('bodies nobody will read', () => {
  it('a 100 MB body on a request refused with 401 is not read: the answer closes the connection', async () => {
    const socket = connect(service.port, '127.0.0.1');
    const size = 100 * 1024 * 1024;
    let sent = 0;
    let answer = '';
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const done = new Promise<void>((resolve) => {
      socket.on('data', (c: Buffer) => (answer += c.toString()));
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    socket.write(`GET /trpc/echo.whoami HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${size}\r\n\r\n`);
    const pump = () => {
      while (sent < size && !socket.destroyed && !answer) {
        sent += chunk.length;
        if (!socket.write(chunk)) return socket.once('drain', pump);
      }
    };
    pump();
    await done;
    // The answer (when the reset that follows did not swallow it) is the 401, and it ends the connection.
    if (answer) {
      expect(answer).toMatch(/^HTTP\/1.1 401/);
      expect(answer.toLowerCase()).toContain('connection: close');
    }
    expect(sent).toBeLessThan(size / 4);
    expect((await get(`/trpc/echo.ping?${q({ text: 'still here' })}`)).status).toBe(200);
  });
});

describe('methods', () => {
  it.each(['OPTIONS', 'DELETE', 'PUT'])('%s on /trpc/... is 405 with Allow: GET, POST', async (method) => {
    const res = await fetch(`${service.url}/trpc/echo.ping`, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
  });
});
