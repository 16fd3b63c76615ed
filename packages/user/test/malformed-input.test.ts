import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUser, type StartedUser } from './support/user-service.js';

let user: StartedUser;

beforeAll(async () => {
  user = await startUser('user-fuzz');
});

afterAll(async () => {
  await user?.service.stop();
  await user?.db.drop();
});

interface RawRequest {
  path: string;
  /** A query sends `input` in the URL, a mutation as the body; text is sent as is (malformed JSON included). */
  kind: 'query' | 'mutation';
  input: string;
  authorization?: string | undefined;
}

async function send(req: RawRequest): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (req.authorization !== undefined) headers.authorization = req.authorization;
  const base = `${user.service.url}/trpc/${req.path}`;
  const res =
    req.kind === 'query'
      ? await fetch(`${base}?input=${encodeURIComponent(req.input)}`, { headers })
      : await fetch(base, { method: 'POST', headers, body: req.input });
  return { status: res.status, body: await res.text() };
}

/** A client's mistake: 4xx, a JSON error, no stack frame and nothing about password hashes. */
function assertClientError(req: RawRequest, res: { status: number; body: string }): void {
  const context = `${req.path} ${req.input.slice(0, 120)} -> ${res.status} ${res.body.slice(0, 200)}`;
  expect(res.status, context).toBeLessThan(500);
  expect(res.body, context).not.toMatch(/\bat [^\n]*:\d+:\d+|"stack"|scrypt\$/);
  if (res.status >= 400) expect(() => JSON.parse(res.body) as unknown, context).not.toThrow();
}

const procedures = [
  { path: 'user.register', kind: 'mutation' },
  { path: 'user.login', kind: 'mutation' },
  { path: 'user.me', kind: 'query' },
  { path: 'user.get', kind: 'query' },
] as const;

const unstorable = fc.constantFrom('\u0000', 'a\u0000@example.com', 'x\ud800y', '\udfff');
const scalar = fc.oneof(fc.string(), unstorable, fc.string({ minLength: 300, maxLength: 5000 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
// The right field names with wrong types, lengths and formats.
const nearMiss = fc.record(
  {
    name: fc.oneof(scalar, fc.array(scalar)),
    email: fc.oneof(scalar, fc.emailAddress(), fc.emailAddress().map((e) => ` ${e.toUpperCase()} `)),
    password: fc.oneof(scalar, fc.string({ minLength: 8, maxLength: 300 })),
    id: fc.oneof(scalar, fc.uuid()),
  },
  { requiredKeys: [] },
);
const input = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
  nearMiss.map((v) => JSON.stringify(v)),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('{', '{"email":', '[', 'undefined', '\u0000', '{"password": "x"'),
);
const authorization = fc.option(
  fc.oneof(
    fc.string(),
    fc.string().map((s) => `Bearer ${s}`),
    fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((parts) => `Bearer ${parts.join('.')}`),
  ),
  { nil: undefined },
);

describe('malformed and random input', () => {
  it.each(procedures)('$path never answers 5xx or a stack trace', async ({ path, kind }) => {
    await fc.assert(
      fc.asyncProperty(input, authorization, async (text, auth) => {
        const req = { path, kind, input: text, authorization: auth };
        assertClientError(req, await send(req));
      }),
      // register/login may run scrypt for well-formed input, so fewer runs keep this quick.
      { numRuns: kind === 'mutation' ? 40 : 80 },
    );
  });

  it('random bearer tokens on user.me are UNAUTHORIZED', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), async (token) => {
        const req = { path: 'user.me', kind: 'query' as const, input: '', authorization: `Bearer ${token.replace(/\s/g, 'x')}` };
        const res = await send(req);
        assertClientError(req, res);
        expect(res.status).toBe(401);
      }),
      { numRuns: 60 },
    );
  });

  it('the wrong method, an unknown procedure and the JWKS with a query string are handled', async () => {
    const wrongMethod = await send({ path: 'user.register', kind: 'query', input: '{}' });
    expect(wrongMethod.status).toBe(405);
    const unknown = await send({ path: 'user.nope', kind: 'mutation', input: '{}' });
    expect(unknown.status).toBe(404);
    const jwks = await fetch(`${user.service.url}/.well-known/jwks.json?x=1`);
    expect(jwks.status).toBe(200);
  });

  it('stays ready and logs no error for any of it', async () => {
    expect((await fetch(`${user.service.url}/readyz`)).status).toBe(200);
    expect(user.service.output()).not.toMatch(/"level":"error"|"level":50/);
  });
});

describe('well-formed registrations with unusual text', () => {
  it('register and login answer 200, 400 or 409 for any name, email and password text', async () => {
    const weird = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('a\u0000b', '\ud800x', 'ümlaut', '𝔘𝔫𝔦'));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          name: fc.oneof(weird, fc.string({ minLength: 1, maxLength: 100 })),
          email: fc.oneof(fc.stringMatching(/^[a-z0-9]{1,12}@example\.com$/), weird.map((w) => `${w}@example.com`)),
          password: fc.oneof(weird.map((w) => `${w}-padding-8`), fc.string({ minLength: 8, maxLength: 256 })),
        }),
        async (account) => {
          for (const path of ['user.register', 'user.login'] as const) {
            const req = { path, kind: 'mutation' as const, input: JSON.stringify(account) };
            const res = await send(req);
            assertClientError(req, res);
            expect([200, 400, 401, 409], `${path} ${res.body.slice(0, 200)}`).toContain(res.status);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('text the database cannot store (NUL, lone surrogates) in any field is BAD_REQUEST', async () => {
    const valid = { name: 'Nul Tester', email: 'nul.tester@example.com', password: 'long-enough-password' };
    for (const bad of ['a\u0000b', 'x\ud800y', '\udfff']) {
      const cases: RawRequest[] = [
        ...(['name', 'email', 'password'] as const).map((field) => ({
          path: 'user.register',
          kind: 'mutation' as const,
          input: JSON.stringify({ ...valid, [field]: field === 'email' ? `a${bad}@example.com` : `${bad}-padding-8` }),
        })),
        { path: 'user.login', kind: 'mutation', input: JSON.stringify({ email: `a${bad}@example.com`, password: 'whatever-pass' }) },
        { path: 'user.get', kind: 'query', input: JSON.stringify({ id: bad }) },
      ];
      for (const req of cases) {
        const res = await send(req);
        assertClientError(req, res);
        expect(res.status, `${req.path} ${req.input}`).toBe(400);
      }
    }
  });
});
