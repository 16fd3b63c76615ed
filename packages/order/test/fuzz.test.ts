// Property-based: random and malformed input, over real HTTP, to every cart and order procedure, with and
// without a valid token. Nothing may answer 5xx or show a stack trace.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Shop, SHOP_HOOK_TIMEOUT_MS, SHOP_TEST_TIMEOUT_MS, type Shopper, startShop } from './support/shop.js';

let shop: Shop;
let shopper: Shopper;

beforeAll(async () => {
  shop = await startShop('fuzz');
  shopper = await shop.register('fuzzer');
  await shopper.api.cart.cart.addItem.mutate({ productId: 'p019', quantity: 1 });
}, SHOP_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await shop?.close();
}, SHOP_HOOK_TIMEOUT_MS);

const PROCEDURES = [
  { service: 'cart', path: 'cart.get', type: 'query', keys: [] },
  { service: 'cart', path: 'cart.addItem', type: 'mutation', keys: ['productId', 'quantity'] },
  { service: 'cart', path: 'cart.setQuantity', type: 'mutation', keys: ['productId', 'quantity'] },
  { service: 'cart', path: 'cart.removeItem', type: 'mutation', keys: ['productId'] },
  { service: 'cart', path: 'cart.clear', type: 'mutation', keys: [] },
  { service: 'cart', path: 'cart.removeOrdered', type: 'mutation', keys: ['orderId', 'items'] },
  { service: 'cart', path: 'cart.removeOrderedFor', type: 'mutation', keys: ['userId', 'orderId', 'items'] },
  { service: 'order', path: 'order.create', type: 'mutation', keys: ['idempotencyKey'] },
  { service: 'order', path: 'order.get', type: 'query', keys: ['id'] },
  { service: 'order', path: 'order.list', type: 'query', keys: ['cursor', 'limit'] },
] as const;

/** Values of every JSON type, biased towards the edges (huge, negative, fractional, empty, odd strings). */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.uuid(),
  fc.constantFrom('p001', 'p019', '', ' ', 'null', '../../etc/passwd', "' or 1=1 --", 'x'.repeat(5000)),
  fc.integer(),
  fc.constantFrom(0, -1, 1, 99, 100, 2 ** 31, -(2 ** 53), 1.5, Number.MAX_VALUE),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 5 }),
  fc.array(fc.record({ productId: fc.oneof(fc.string(), fc.integer()), quantity: fc.oneof(fc.integer(), fc.string()) }), { maxLength: 120 }),
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }),
);

/** A request body or `input` parameter: well-shaped objects with wrong values, arbitrary JSON, or not JSON at all. */
function rawInput(keys: readonly string[]): fc.Arbitrary<string | undefined> {
  const shaped = keys.length
    ? fc.record(Object.fromEntries(keys.map((k) => [k, anyValue])), { requiredKeys: [] }).map((v) => JSON.stringify(v))
    : fc.constant('{}');
  return fc.oneof(
    shaped,
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string(),
    fc.constantFrom('{', '{"json":', 'undefined', '[]', '{"0":{}}', '\u0000', '%', `{"a":${'['.repeat(2000)}`),
    fc.constant(undefined),
  );
}

function authorization(valid: () => string): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    fc.constant(undefined),
    // Mostly a valid token, so most inputs get past authentication to validation and the procedure itself.
    { arbitrary: fc.constant('valid').map(() => `Bearer ${valid()}`), weight: 6 },
    fc.string().map((s) => `Bearer ${s}`),
    fc.string(),
    fc.constant('valid').map(() => `Bearer ${valid()}x`),
    fc.constant('Basic dXNlcjpwYXNz'),
  );
}

async function send(baseUrl: string, path: string, type: string, raw: string | undefined, auth: string | undefined, asBatch: boolean) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth !== undefined) headers.authorization = auth;
  const batch = asBatch ? 'batch=1&' : '';
  if (type === 'query') {
    const query = raw === undefined ? (asBatch ? '?batch=1' : '') : `?${batch}input=${encodeURIComponent(raw)}`;
    return fetch(`${baseUrl}/trpc/${path}${query}`, { headers });
  }
  return fetch(`${baseUrl}/trpc/${path}${asBatch ? '?batch=1' : ''}`, { method: 'POST', headers, ...(raw === undefined ? {} : { body: raw }) });
}

const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((i) => i === 1);

const STACK = /\bat .+:\d+:\d+|node:internal|\.ts:\d+|"stack"/;

describe('random and malformed input over HTTP', { timeout: SHOP_TEST_TIMEOUT_MS }, () => {
  for (const proc of PROCEDURES) {
    it(`${proc.path} never answers 5xx or with a stack trace`, async () => {
      const baseUrl = shop.url(proc.service);
      const statuses = new Set<number>();
      await fc.assert(
        fc.asyncProperty(rawInput(proc.keys), authorization(() => shopper.token), oneIn(5), oneIn(5), async (raw, auth, asBatch, wrongMethod) => {
          const type = wrongMethod ? (proc.type === 'query' ? 'mutation' : 'query') : proc.type;
          const res = await send(baseUrl, proc.path, type, raw, auth, asBatch);
          const body = await res.text();
          statuses.add(res.status);
          expect(res.status, body).toBeLessThan(500);
          expect(body).not.toMatch(STACK);
        }),
        { numRuns: 60 },
      );
      // The generators get past the method and token checks, into input validation and the procedure.
      expect([...statuses].some((s) => s !== 401 && s !== 405)).toBe(true);
    });
  }
});
