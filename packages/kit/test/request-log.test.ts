import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpServer } from '../src/http/server.js';
import { createTrpcHandler } from '../src/http/trpc-handler.js';
import { conformanceContext, conformanceRouter } from './fixtures/conformance-router.js';

// The kit writes one line per request (what pino-http wrote before): fields, levels, no redaction cost but
// nothing secret in it, and the logger's own redaction still applies to other lines.
const lines: Record<string, unknown>[] = [];
const log = pino(
  { level: 'info', redact: { paths: ['*.password'], censor: '[redacted]' } },
  { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
);
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
  }
  return { res, line: lines.find((l) => (l.req as { url?: string } | undefined)?.url === path) };
};

it('logs each request once with its id, method, url, status and time, at a level by status', async () => {
  const ok = await lineFor('/trpc/ping', { headers: { 'x-request-id': 'req-1', authorization: 'Bearer secret' } });
  expect(ok.line).toMatchObject({
    level: 30,
    msg: 'request completed',
    reqId: 'req-1',
    req: { id: 'req-1', method: 'GET', url: '/trpc/ping' },
    res: { statusCode: 200 },
  });
  expect(typeof ok.line?.responseTime).toBe('number');
  expect(JSON.stringify(ok.line)).not.toContain('secret');
  expect((await lineFor('/trpc/nope')).line).toMatchObject({ level: 40, res: { statusCode: 404 } });
  expect((await lineFor('/trpc/crash')).line).toMatchObject({ level: 50, msg: 'request errored', res: { statusCode: 500 } });
  expect(lines.filter((l) => (l.req as { url?: string } | undefined)?.url === '/trpc/ping')).toHaveLength(1);
  log.info({ user: { password: 'hunter2' } }, 'other line');
  expect(lines.at(-1)).toMatchObject({ user: { password: '[redacted]' } });
});
