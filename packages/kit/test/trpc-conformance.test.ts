import { request as httpRequest, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../src/http/server.js';
import { createTrpcHandler, type CallResult } from '../src/http/trpc-handler.js';
import { abortsSeen, conformanceContext, conformanceRouter, THROWN_CODES } from './fixtures/conformance-router.js';

// The same router behind tRPC's official standalone adapter and behind the kit's own hosting (the real
// createHttpServer): every request must get the same status, content type and body from both.

const BODY_LIMIT = 4096;
const calls: CallResult[] = [];
let official: Server;
let ours: Server;
let officialPort: number;
let oursPort: number;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

interface Answer {
  status: number;
  contentType: string | undefined;
  allow: string | undefined;
  body: string;
}

function send(port: number, method: string, path: string, headers: OutgoingHttpHeaders = {}, body?: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          allow: res.headers.allow,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends one request to both servers and requires the same answer; returns ours. */
async function same(method: string, path: string, headers: OutgoingHttpHeaders = {}, body?: string | Buffer): Promise<Answer> {
  const [theirs, mine] = await Promise.all([
    send(officialPort, method, path, headers, body),
    send(oursPort, method, path, headers, body),
  ]);
  expect(mine, `${method} ${path}`).toEqual(theirs);
  return mine;
}

const q = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(value))}`;
const json = { 'content-type': 'application/json' };
const parse = (answer: Answer): unknown => JSON.parse(answer.body);

beforeAll(async () => {
  official = createHTTPServer({
    router: conformanceRouter,
    basePath: '/trpc/',
    maxBodySize: BODY_LIMIT,
    createContext: ({ req }) => conformanceContext(req.headers),
  });
  ours = createHttpServer({
    trpc: createTrpcHandler({
      router: conformanceRouter,
      maxBodyBytes: BODY_LIMIT,
      createContext: (req) => conformanceContext(req.headers),
      onCall: (result) => calls.push(result),
    }),
    routes: {},
    log: pino({ level: 'silent' }),
  });
  [officialPort, oursPort] = await Promise.all([listen(official), listen(ours)]);
});

afterAll(async () => {
  for (const server of [official, ours]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('single calls answer like the official adapter', () => {
  it('queries with, without and with empty input', async () => {
    expect(parse(await same('GET', '/trpc/ping'))).toEqual({ result: { data: { pong: true } } });
    expect(parse(await same('GET', `/trpc/echo?${q({ text: 'hi', n: 3 })}`))).toEqual({ result: { data: { text: 'hi', n: 3 } } });
    await same('GET', '/trpc/nested.deep');
    await same('GET', '/trpc/nested.deep?input=');
    await same('GET', `/trpc/nested.deep?${q('x y+z')}`);
    await same('GET', '/trpc/nested.deep?input=%22a+b%22');
    expect((await same('GET', '/trpc/echo')).status).toBe(400);
    await same('GET', '/trpc/echo?input=');
    await same('GET', '/trpc/ping/');
    await same('GET', '/trpc/nested%2Edeep');
  });

  it('mutations with a body, an empty body and no result', async () => {
    const added = await same('POST', '/trpc/add', json, JSON.stringify({ name: 'tea', quantity: 2 }));
    expect(parse(added)).toEqual({ result: { data: { added: { name: 'tea', quantity: 2 }, total: 4 } } });
    expect(parse(await same('POST', '/trpc/touch', json))).toEqual({ result: {} });
    expect(parse(await same('GET', '/trpc/keyed'))).toEqual({ result: { data: { key: 'data' } } });
    for (const path of ['when', 'text', 'nothing', 'list']) await same('GET', `/trpc/${path}`);
    await same('POST', '/trpc/touch', json, '');
    await same('POST', '/trpc/touch', { 'content-type': 'application/json; charset=utf-8' }, '{}');
    await same('POST', '/trpc/add', json, `\ufeff${JSON.stringify({ name: 'bom', quantity: 1 })}`);
    await same('POST', '/trpc/add', json, Buffer.from(JSON.stringify({ name: 'né€', quantity: 1 })));
  });

  it('zod failures are BAD_REQUEST with the issues', async () => {
    const bad = parse(await same('GET', `/trpc/echo?${q({ text: 42 })}`)) as { error: { data: { code: string; issues: unknown[] } } };
    expect(bad.error.data.code).toBe('BAD_REQUEST');
    expect(bad.error.data.issues.length).toBeGreaterThan(0);
    await same('POST', '/trpc/add', json, JSON.stringify({ name: '', quantity: 0 }));
    await same('POST', '/trpc/add', json, 'null');
    await same('POST', '/trpc/add', json);
  });

  it('thrown TRPCErrors keep their code and status; a plain Error is a 500 without a stack', async () => {
    for (const code of THROWN_CODES) {
      const answer = await same('GET', `/trpc/fail?${q({ code })}`);
      expect((parse(answer) as { error: { data: { code: string } } }).error.data.code).toBe(code);
    }
    await same('POST', '/trpc/failMutation', json, '{}');
    const crash = await same('GET', '/trpc/crash');
    expect(crash.status).toBe(500);
    expect(crash.body).not.toMatch(/stack|at .*\.ts/);
  });

  it('middlewares: ctx and input through next(), sync and async resolvers, throws, no result, wrapped failures', async () => {
    const chained = await same('GET', `/trpc/chain.ctxAndInput?${q({ n: 2 })}`, { 'x-request-id': 'r1' });
    expect(parse(chained)).toEqual({ result: { data: { tenant: 't-r1', input: { n: 2, doubled: true } } } });
    expect((await same('GET', `/trpc/chain.ctxAndInput?${q({ n: 'x' })}`)).status).toBe(400);
    expect(parse(await same('GET', '/trpc/chain.asyncResolver'))).toEqual({ result: { data: { tenant: 't-none' } } });
    expect((await same('GET', '/trpc/chain.rejects')).status).toBe(500);
    expect((await same('GET', '/trpc/chain.guarded')).status).toBe(403);
    expect((await same('GET', '/trpc/chain.noResult')).status).toBe(500);
    for (const code of THROWN_CODES) await same('POST', '/trpc/chain.wrapped', json, JSON.stringify({ code }));
    expect(parse(await same('POST', '/trpc/chain.wrappedOk', json))).toEqual({ result: { data: { fine: true } } });
    const batch = await same('GET', `/trpc/chain.ctxAndInput,chain.guarded,chain.asyncResolver?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { n: 1 } }))}`);
    expect(batch.status).toBe(207);
  });

  it('malformed JSON input, by GET and by POST', async () => {
    expect((await same('GET', '/trpc/echo?input=%7Bnope')).status).toBe(400);
    await same('GET', '/trpc/echo?input=%7B%22text%22%3A');
    expect((await same('POST', '/trpc/add', json, '{"name":')).status).toBe(400);
    // A procedure without input never reads it, so malformed input does not fail it.
    expect((await same('POST', '/trpc/touch', json, '{oops')).status).toBe(200);
  });

  it('wrong method, unknown procedure, bad content type, bad path encoding, HEAD', async () => {
    expect(await same('POST', '/trpc/ping', json, '{}')).toMatchObject({ status: 405, allow: 'GET' });
    expect(await same('GET', '/trpc/add')).toMatchObject({ status: 405, allow: 'POST' });
    // Other methods are 405 with what is allowed (tRPC says 405 or 415, depending on the content type).
    for (const [method, headers] of [['PUT', json], ['DELETE', json], ['DELETE', {}], ['OPTIONS', {}], ['PATCH', json]] as const) {
      const answer = await send(oursPort, method, '/trpc/ping', headers, method === 'PUT' || method === 'PATCH' ? '{}' : undefined);
      expect(answer, method).toMatchObject({ status: 405, allow: 'GET, POST' });
      expect(JSON.parse(answer.body)).toMatchObject({ error: { data: { code: 'METHOD_NOT_SUPPORTED', httpStatus: 405 } } });
    }
    expect((await same('GET', '/trpc/nope')).status).toBe(404);
    await same('POST', '/trpc/nope', json, '{}');
    await same('GET', '/trpc/');
    expect((await same('POST', '/trpc/add', {}, '{}')).status).toBe(415);
    await same('POST', '/trpc/add', { 'content-type': 'text/plain' }, '{}');
    expect((await same('GET', '/trpc/ping%E0%A4%A')).status).toBe(400);
    expect((await same('HEAD', '/trpc/ping')).status).toBe(204);
    await same('GET', '/trpc/ping?connectionParams=%7B%22a%22%3A1%7D');
  });

  it('auth: protected procedures need a valid bearer token', async () => {
    expect((await same('GET', '/trpc/me')).status).toBe(401);
    await same('GET', '/trpc/me', { authorization: 'Bearer bad' });
    expect(parse(await same('GET', '/trpc/me', { authorization: 'Bearer good' }))).toMatchObject({ result: { data: { id: 'u1' } } });
  });

  it('a stream-like result is refused in a plain JSON response', async () => {
    expect((await same('GET', '/trpc/streamy')).status).toBe(415);
    await same('GET', '/trpc/streamy,ping?batch=1');
  });

  it('bodies over the limit are 413', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(BODY_LIMIT), quantity: 1 });
    expect((await same('POST', '/trpc/add', json, big)).status).toBe(413);
  });
});

describe('batches answer like the official adapter', () => {
  it('all ok, all failed, mixed (207)', async () => {
    const ok = await same('GET', `/trpc/ping,echo,nested.deep?batch=1&${q({ 1: { text: 'a' }, 2: 'b' })}`);
    expect(ok.status).toBe(200);
    expect(parse(ok)).toHaveLength(3);
    expect((await same('GET', `/trpc/fail,fail?batch=1&${q({ 0: { code: 'CONFLICT' }, 1: { code: 'CONFLICT' } })}`)).status).toBe(409);
    expect((await same('GET', `/trpc/ping,fail?batch=1&${q({ 1: { code: 'NOT_FOUND' } })}`)).status).toBe(207);
    await same('GET', `/trpc/fail,fail?batch=1&${q({ 0: { code: 'CONFLICT' }, 1: { code: 'FORBIDDEN' } })}`);
    await same('GET', '/trpc/ping,nope?batch=1');
    await same('GET', '/trpc/ping,echo?batch=1&input=%5B1%5D');
    await same('GET', '/trpc/ping,echo?batch=1&input=%7Bbad');
    await same('GET', '/trpc/ping%2Cping?batch=1');
    await same('POST', '/trpc/add,touch,failMutation?batch=1', json, JSON.stringify({ 0: { name: 'a', quantity: 1 } }));
    await same('POST', '/trpc/add,add?batch=1', json, JSON.stringify({ 0: { name: 'a', quantity: 1 }, 1: { name: '' } }));
    expect((await same('GET', '/trpc/ping,add?batch=1')).status).toBe(400);
    await same('POST', '/trpc/ping,echo?batch=1', json, '{}');
    await same('GET', '/trpc/ping,crash,me?batch=1', { authorization: 'Bearer good' });
  });
});

describe('random inputs get the same answer from both adapters', () => {
  const paths = fc.constantFrom('ping', 'echo', 'add', 'touch', 'fail', 'me', 'nested.deep', 'nope', 'crash');
  it('any JSON value as query input, single and batched', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), fc.array(paths, { minLength: 1, maxLength: 4 }), async (value, batch) => {
        await same('GET', `/trpc/echo?${q(value)}`);
        await same('GET', `/trpc/${batch.join(',')}?batch=1&${q(Object.fromEntries(batch.map((_, i) => [i, value])))}`);
      }),
      { numRuns: 60 },
    );
  });

  it('well-formed and almost well-formed mutation bodies', async () => {
    const valid = fc.record({ name: fc.string({ maxLength: 45 }), quantity: fc.integer({ min: -5, max: 120 }) });
    await fc.assert(
      fc.asyncProperty(valid, fc.string({ maxLength: 30 }), async (body, junk) => {
        await same('POST', '/trpc/add', json, JSON.stringify(body));
        await same('POST', '/trpc/add', json, junk);
        await same('GET', `/trpc/echo?input=${encodeURIComponent(junk)}`);
      }),
      { numRuns: 60 },
    );
  });
});

describe('@trpc/client works against the kit', () => {
  const url = () => `http://127.0.0.1:${oursPort}/trpc`;

  it('httpLink: query, mutation, typed errors', async () => {
    const client = createTRPCClient<typeof conformanceRouter>({ links: [httpLink({ url: url() })] });
    expect(await client.echo.query({ text: 'hello' })).toEqual({ text: 'hello' });
    expect(await client.add.mutate({ name: 'tea', quantity: 3 })).toEqual({ added: { name: 'tea', quantity: 3 }, total: 6 });
    expect(await client.touch.mutate()).toBeUndefined();
    const error = await client.fail.query({ code: 'CONFLICT' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<typeof conformanceRouter>).data?.code).toBe('CONFLICT');
  });

  it('httpBatchLink: one request for several calls, each settling on its own', async () => {
    const client = createTRPCClient<typeof conformanceRouter>({
      links: [httpBatchLink({ url: url(), headers: { authorization: 'Bearer good' } })],
    });
    const before = calls.length;
    const [ping, me, failed] = await Promise.allSettled([client.ping.query(), client.me.query(), client.fail.query({ code: 'FORBIDDEN' })]);
    expect(ping).toEqual({ status: 'fulfilled', value: { pong: true } });
    expect(me).toMatchObject({ status: 'fulfilled', value: { email: 'alice@example.com' } });
    expect(failed.status).toBe('rejected');
    const reported = calls.slice(before).map(({ path, type, code }) => ({ path, type, code }));
    expect(reported).toEqual([
      { path: 'ping', type: 'query', code: 'OK' },
      { path: 'me', type: 'query', code: 'OK' },
      { path: 'fail', type: 'query', code: 'FORBIDDEN' },
    ]);
  });
});

describe('a client that leaves', () => {
  const leave = (method: string, path: string, headers: OutgoingHttpHeaders, body?: string) =>
    new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port: oursPort, method, path, headers });
      req.on('error', () => resolve());
      if (body) req.write(body);
      else req.flushHeaders();
      setTimeout(() => req.destroy(), 100);
    });
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('mid-body: the call is reported as CLIENT_CLOSED_REQUEST', async () => {
    const before = calls.length;
    await leave('POST', '/trpc/add', { ...json, 'content-length': '100' }, '{"name":"te');
    await until(() => calls.length > before);
    expect(calls.slice(before).map(({ path, code }) => ({ path, code }))).toEqual([{ path: 'add', code: 'CLIENT_CLOSED_REQUEST' }]);
  });

  it("mid-call: the procedure's signal aborts", async () => {
    const seen = abortsSeen.count;
    const before = calls.length;
    await leave('GET', '/trpc/hang', {});
    await until(() => abortsSeen.count > seen && calls.length > before);
    expect(abortsSeen.count).toBe(seen + 1);
    expect(calls.slice(before).map(({ path, code }) => ({ path, code }))).toEqual([{ path: 'hang', code: 'CLIENT_CLOSED_REQUEST' }]);
  });
});

describe('onCall', () => {
  it('reports each call once, unknown paths under one label', async () => {
    const before = calls.length;
    await send(oursPort, 'GET', '/trpc/ping,nope?batch=1');
    await send(oursPort, 'POST', '/trpc/add', json, '{"name":');
    expect(calls.slice(before).map(({ path, code }) => ({ path, code }))).toEqual([
      { path: 'ping', code: 'OK' },
      { path: '(unknown)', code: 'NOT_FOUND' },
      { path: 'add', code: 'BAD_REQUEST' },
    ]);
    expect(calls.slice(before).every((c) => c.durationMs >= 0)).toBe(true);
  });
});
