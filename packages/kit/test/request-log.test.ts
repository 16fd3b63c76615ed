import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRequestLog } from '../src/http/request-log.js';
import { createHttpServer } from '../src/http/server.js';
import { LogBuffer } from '../src/observability/log-buffer.js';
import { correlation } from '../src/observability/logger.js';
import { createTrpcHandler } from '../src/http/trpc-handler.js';
import { conformanceContext, conformanceRouter } from './fixtures/conformance-router.js';

// The kit writes one line per request (what pino-http wrote before): fields, levels, no redaction cost but
// nothing secret in it, and the logger's own redaction still applies to other lines. Into a LogBuffer, as
// the kit's logger writes, so the request lines take the fast path.
const lines: Record<string, unknown>[] = [];
const parseLines = (text: string) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
const buffer = new LogBuffer((bytes) => lines.push(...parseLines(bytes.toString('utf8'))));
const log = pino({ level: 'info', redact: { paths: ['*.password'], censor: '[redacted]' } }, buffer);
const server = createHttpServer({
  trpc: createTrpcHandler({ router: conformanceRouter, createContext: (req) => conformanceContext(req.headers) }),
  routes: {},
  log,
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const lineFor = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${base}${path}`, init);
  await res.text();
  for (let i = 0; i < 50 && !lines.some((l) => (l.req as { url?: string } | undefined)?.url === path); i++) {
    await new Promise((r) => setTimeout(r, 10));
    buffer.flushSync();
  }
  return { res, line: lines.find((l) => (l.req as { url?: string } | undefined)?.url === path) };
};

it('logs each request once with its id, method, url, status and time, at a level by status', async () => {
  const ok = await lineFor('/trpc/ping', { headers: { 'x-request-id': 'req-1', authorization: 'Bearer secret' } });
  expect(ok.line).toMatchObject({
    level: 30,
    msg: 'request completed',
    request_id: 'req-1',
    req: { id: 'req-1', method: 'GET', url: '/trpc/ping' },
    res: { statusCode: 200 },
  });
  expect(typeof ok.line?.responseTime).toBe('number');
  expect(JSON.stringify(ok.line)).not.toContain('secret');
  expect((await lineFor('/trpc/nope')).line).toMatchObject({ level: 40, res: { statusCode: 404 } });
  expect((await lineFor('/trpc/crash')).line).toMatchObject({ level: 50, msg: 'request errored', res: { statusCode: 500 } });
  expect(lines.filter((l) => (l.req as { url?: string } | undefined)?.url === '/trpc/ping')).toHaveLength(1);
  log.info({ user: { password: 'hunter2' } }, 'other line');
  buffer.flushSync();
  expect(lines.at(-1)).toMatchObject({ user: { password: '[redacted]' } });
});

it('escapes what the URL may hold: the line stays one valid JSON object with the exact url', async () => {
  const url = '/trpc/ping?q="a\\b"&x=%22';
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => {
    // Raw bytes: node:http clients refuse such a path, node:http servers accept it.
    const socket = connect(port, '127.0.0.1', () => socket.end(`GET ${url} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    socket.on('data', () => undefined);
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
  for (let i = 0; i < 50 && !lines.some((l) => (l.req as { url?: string } | undefined)?.url === url); i++) {
    await new Promise((r) => setTimeout(r, 10));
    buffer.flushSync();
  }
  expect(lines.find((l) => (l.req as { url?: string } | undefined)?.url === url)).toMatchObject({ req: { method: 'GET', url }, res: { statusCode: 200 } });
});

/** A logger with the kit's settings, writing where `stream` says. */
const kitLike = (stream: { write(line: string): void }) =>
  pino(
    {
      level: 'info',
      base: { service: 'cart', version: '1.2.3' },
      mixin: correlation,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
const span = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };

/** The request line, then pino's own line with the same fields, as written to the logger's stream. */
function bothLines(log: ReturnType<typeof kitLike>, flush: () => string[], url: string, statusCode: number, id = 'req-9') {
  createRequestLog(log)({ method: 'POST', url } as IncomingMessage, { statusCode } as ServerResponse, id, 3.4, span);
  const level = statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
  log[level](
    { trace_id: span.traceId, span_id: span.spanId, request_id: id, req: { id, method: 'POST', url }, res: { statusCode }, responseTime: 3 },
    statusCode >= 500 ? 'request errored' : 'request completed',
  );
  return flush().map((line) => line.replace(/"time":"[^"]+"/, '"time":"T"'));
}

it("writes, into the kit's LogBuffer, the bytes pino itself would write for the kit's logger settings", () => {
  const chunks: Buffer[] = [];
  const buffer = new LogBuffer((bytes) => chunks.push(Buffer.from(bytes)));
  const log = kitLike(buffer);
  const flush = () => {
    buffer.flushSync();
    return Buffer.concat(chunks.splice(0)).toString('utf8').split('\n').filter(Boolean);
  };
  // Plain ASCII (the copied path), then what must be escaped or is not ASCII (the encoded one).
  for (const url of ['/trpc/cart.add', '/trpc/cart.get?input=%7B%7D', '/trpc/x?q="a\\b"', '/trpc/x?q=é€😀', '/trpc/\u0001\u007f']) {
    for (const statusCode of [200, 404, 503]) {
      const [fast, slow, ...rest] = bothLines(log, flush, url, statusCode);
      expect(rest).toEqual([]);
      expect(fast).toBe(slow);
      expect(JSON.parse(fast as string)).toMatchObject({ service: 'cart', trace_id: span.traceId, req: { url } });
    }
  }
  const [fast, slow] = bothLines(log, flush, '/trpc/ping', 200, 'ünïcode-id');
  expect(fast).toBe(slow);
});

it('writes the same line with a plain pino call when the logger writes to a stream of its own', () => {
  const written: string[] = [];
  const log = kitLike({ write: (line: string) => written.push(line) });
  const [fast, slow] = bothLines(log, () => written.splice(0), '/trpc/cart.add', 200);
  expect(fast).toBe(slow);
});
