// Property-based, over real HTTP to every procedure of every service (the list in support/procedures.ts is
// checked against the routers' types): text PostgreSQL cannot store (NUL, lone surrogates) in any field,
// and forged page cursors. Every answer must be a 4xx (or a 2xx where the value happens to be harmless),
// never a 5xx.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCEDURES } from './support/procedures.js';
import { type Shop, SHOP_HOOK_TIMEOUT_MS, SHOP_TEST_TIMEOUT_MS, type Shopper, SERVICES, startShop } from './support/shop.js';

let shop: Shop;
let shopper: Shopper;

beforeAll(async () => {
  shop = await startShop('hostile');
  shopper = await shop.register('hostile');
  await shopper.api.cart.cart.addItem.mutate({ productId: 'p005', quantity: 1 });
}, SHOP_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await shop?.close();
}, SHOP_HOOK_TIMEOUT_MS);

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Strings PostgreSQL cannot store, around otherwise plausible values. */
const unstorable = fc
  .tuple(
    fc.constantFrom('p001', 'a@example.com', 'x', '', '00000000-0000-4000-8000-000000000000', 'password-1'),
    fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\uDBFF\u0000', 'a\uDC00b'),
    fc.constantFrom('', 'p001', '\u0000', 'z'),
  )
  .map(([a, bad, b]) => `${a}${bad}${b}`);

/** Cursors we never issued: forged JSON, NUL after decoding, dates out of any calendar, garbage. */
const forgedCursor = fc.oneof(
  fc.constantFrom(
    b64('v1:\u0000'),
    b64('v1:p001\u0000'),
    b64(JSON.stringify(['0000-01-01T00:00:00.000Z', 'x'])),
    b64(JSON.stringify(['-271821-04-20T00:00:00.000Z', 'x'])),
    b64(JSON.stringify(['+275760-09-13T00:00:00.000Z', 'x'])),
    b64(JSON.stringify(['2026-01-01T00:00:00.000Z', 'a\u0000'])),
    b64(JSON.stringify(['2026-01-01T00:00:00.000Z', '\uD800'])),
    b64(JSON.stringify({ createdAt: 1, id: 2 })),
    b64('{"a":'),
    '!!!',
    'v1:p001',
    'x'.repeat(500),
  ),
  fc.string({ minLength: 1, maxLength: 40 }).map(b64),
  fc.tuple(fc.date({ noInvalidDate: true }), fc.string({ unit: 'binary', maxLength: 8 })).map(([d, id]) => b64(JSON.stringify([d.toISOString(), id]))),
);

const FIELDS = ['id', 'ids', 'productId', 'orderId', 'items', 'email', 'password', 'name', 'category', 'search', 'cursor', 'idempotencyKey'] as const;

/** An input object: each field hostile, or a harmless value, or absent. */
const hostileInput = fc
  .record(
    Object.fromEntries(
      FIELDS.map((field) => {
        const value =
          field === 'cursor'
            ? forgedCursor
            : field === 'items'
              ? fc.array(fc.record({ productId: unstorable, quantity: fc.constant(1) }), { minLength: 1, maxLength: 3 })
              : field === 'ids'
                ? fc.array(unstorable, { minLength: 1, maxLength: 3 })
                : unstorable;
        return [field, value];
      }),
    ) as Record<(typeof FIELDS)[number], fc.Arbitrary<unknown>>,
    { requiredKeys: [] },
  )
  .chain((input) =>
    fc.oneof(
      fc.constant(input),
      fc.constant({ ...input, quantity: 0, limit: 5 }),
      unstorable.map((key) => ({ ...input, [key]: 'x' })), // an unstorable key
    ),
  );

describe('hostile input to every procedure of every service', { timeout: SHOP_TEST_TIMEOUT_MS }, () => {
  for (const service of SERVICES) {
    for (const [path, kind] of Object.entries(PROCEDURES[service])) {
      it(`${path} never answers 5xx`, async () => {
        const base = `${shop.url(service)}/trpc/${path}`;
        const headers = { authorization: `Bearer ${shopper.token}`, 'content-type': 'application/json' };
        await fc.assert(
          fc.asyncProperty(hostileInput, async (input) => {
            const json = JSON.stringify(input);
            const res =
              kind === 'query'
                ? await fetch(`${base}?input=${encodeURIComponent(json)}`, { headers })
                : await fetch(base, { method: 'POST', headers, body: json });
            const body = await res.text();
            expect(res.status, `${path} ${json} → ${body}`).toBeLessThan(500);
          }),
          { numRuns: 25 },
        );
      });
    }
  }
});
