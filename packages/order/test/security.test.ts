import { randomUUID } from 'node:crypto';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '@shop/kit';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clients, errorCode, type Shop, SHOP_HOOK_TIMEOUT_MS, SHOP_TEST_TIMEOUT_MS, type Shopper, startShop } from './support/shop.js';

const TOKEN_TTL_SECONDS = 6;
let shop: Shop;
const responses: unknown[] = [];

beforeAll(async () => {
  const verbose = { LOG_LEVEL: 'debug' };
  shop = await startShop('security', {
    env: { user: { ...verbose, TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS) }, product: verbose, cart: verbose, order: verbose },
  });
}, SHOP_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await shop?.close();
}, SHOP_HOOK_TIMEOUT_MS);

/** A fresh token for the shopper (tokens here live only a few seconds). */
async function login(shopper: Shopper): Promise<Clients> {
  const session = await shop.clients().user.user.login.mutate({ email: shopper.email, password: shopper.password });
  responses.push(session);
  return shop.clients(session.token);
}

/** Every user-facing procedure of cart and order, called with whatever token `api` carries. */
function userCalls(api: Clients): Array<[string, () => Promise<unknown>]> {
  return [
    ['cart.get', () => api.cart.cart.get.query()],
    ['cart.addItem', () => api.cart.cart.addItem.mutate({ productId: 'p001', quantity: 1 })],
    ['cart.setQuantity', () => api.cart.cart.setQuantity.mutate({ productId: 'p001', quantity: 2 })],
    ['cart.removeItem', () => api.cart.cart.removeItem.mutate({ productId: 'p001' })],
    ['cart.clear', () => api.cart.cart.clear.mutate()],
    ['cart.removeOrdered', () => api.cart.cart.removeOrdered.mutate({ orderId: randomUUID(), items: [{ productId: 'p001', quantity: 1 }] })],
    ['order.create', () => api.order.order.create.mutate({ idempotencyKey: randomUUID() })],
    ['order.get', () => api.order.order.get.query({ id: randomUUID() })],
    ['order.list', () => api.order.order.list.query()],
  ];
}

async function expectAllUnauthorized(api: Clients): Promise<void> {
  for (const [name, call] of userCalls(api)) {
    expect([name, await errorCode(call())]).toEqual([name, 'UNAUTHORIZED']);
  }
}

const segments = (token: string) => token.split('.') as [string, string, string];
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('authentication', { timeout: SHOP_TEST_TIMEOUT_MS }, () => {
  it('no token is UNAUTHORIZED everywhere', async () => {
    await expectAllUnauthorized(shop.clients());
    await expectAllUnauthorized(shop.clients('not-a-jwt'));
  });

  it('a tampered token (claims changed, signature kept) is UNAUTHORIZED', async () => {
    const [a, b] = await Promise.all([shop.register('tamperA'), shop.register('tamperB')]);
    const [header, payload, signature] = segments(a.token);
    const forged = `${header}.${encode({ ...decode(payload), sub: b.id, type: 'vip' })}.${signature}`;
    await expectAllUnauthorized(shop.clients(forged));
    const unsigned = `${encode({ ...decode(header), alg: 'none' })}.${payload}.`;
    await expectAllUnauthorized(shop.clients(unsigned));
  });

  it('a token signed with another key (even naming the real key id) is UNAUTHORIZED', async () => {
    const victim = await shop.register('victim');
    const jwks = (await (await fetch(`${shop.url('user')}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid?: string }> };
    const kid = jwks.keys[0]?.kid;
    expect(kid).toBeTruthy();
    const { privateKey } = await generateKeyPair('EdDSA');
    const forged = await new SignJWT({ email: victim.email, type: 'regular' })
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setSubject(victim.id)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    await expectAllUnauthorized(shop.clients(forged));
  });

  it('an expired token is UNAUTHORIZED', async () => {
    const shopper = await shop.register('expiring');
    const issued = Date.now();
    expect((await shopper.api.cart.cart.get.query()).items).toEqual([]);
    await new Promise((r) => setTimeout(r, TOKEN_TTL_SECONDS * 1000 - (Date.now() - issued) + 1500));
    await expectAllUnauthorized(shopper.api);
  });
});

describe('one user cannot read or change anything of another', { timeout: SHOP_TEST_TIMEOUT_MS }, () => {
  it("B sees nothing of A's cart or orders and cannot change them", async () => {
    const [a, b] = await Promise.all([shop.register('ownerA'), shop.register('otherB')]);
    const [apiA, apiB] = await Promise.all([login(a), login(b)]);
    await apiA.cart.cart.addItem.mutate({ productId: 'p011', quantity: 2 });
    const keyA = randomUUID();
    const orderA = await apiA.order.order.create.mutate({ idempotencyKey: keyA });
    expect(orderA.status).toBe('CONFIRMED');
    await apiA.cart.cart.addItem.mutate({ productId: 'p012', quantity: 3 });

    expect((await apiB.cart.cart.get.query()).items).toEqual([]);
    expect(await errorCode(apiB.order.order.get.query({ id: orderA.id }))).toBe('NOT_FOUND');
    expect((await apiB.order.order.list.query()).items).toEqual([]);
    // Every cart mutation B can make acts on B's own cart only.
    await apiB.cart.cart.removeItem.mutate({ productId: 'p012' });
    await apiB.cart.cart.setQuantity.mutate({ productId: 'p012', quantity: 0 });
    await apiB.cart.cart.removeOrdered.mutate({ orderId: randomUUID(), items: [{ productId: 'p012', quantity: 3 }] });
    await apiB.cart.cart.clear.mutate();
    // A's idempotency key means nothing for B: B's cart is empty, so B's own attempt is refused.
    expect(await errorCode(apiB.order.order.create.mutate({ idempotencyKey: keyA }))).toBe('BAD_REQUEST');

    const cartA = await apiA.cart.cart.get.query();
    responses.push(cartA);
    expect(cartA.items.map((i) => [i.productId, i.quantity])).toEqual([['p012', 3]]);
    expect(await apiA.order.order.get.query({ id: orderA.id })).toEqual(orderA);
    expect((await apiA.order.order.list.query()).items.map((o) => o.id)).toEqual([orderA.id]);
  });
});

describe('secrets', { timeout: SHOP_TEST_TIMEOUT_MS }, () => {
  it('the password hash never appears in any response or log line', async () => {
    const shopper = await shop.register('secretive');
    const api = await login(shopper);
    responses.push(await api.user.user.me.query(), await shop.clients().user.user.get.query({ id: shopper.id }));
    await api.cart.cart.addItem.mutate({ productId: 'p013', quantity: 1 });
    responses.push(await api.order.order.create.mutate({ idempotencyKey: randomUUID() }));
    expect(await errorCode(shop.clients().user.user.login.mutate({ email: shopper.email, password: 'wrong-password' }))).toBe('UNAUTHORIZED');

    const everything = `${JSON.stringify(responses)}\n${shop.logs()}`;
    expect(responses.length).toBeGreaterThanOrEqual(5);
    expect(shop.logs()).toContain('"service":"user"');
    expect(everything).not.toMatch(/scrypt\$/i);
    expect(everything).not.toMatch(/password_?hash/i);
    expect(everything).not.toContain(shopper.password);
  });
});
