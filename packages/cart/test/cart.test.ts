import { randomUUID } from 'node:crypto';
import { createTestDatabase, freePort, startServiceProcess, type ServiceProcess, type TestDatabase } from '@shop/kit/testing';
import type { ProductRouter } from '@shop/product/router';
import type { UserRouter } from '@shop/user/router';
import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNAVAILABLE_NAME } from '../src/cart-view.js';
import type { CartRouter } from '../src/router.js';

const entry = (service: string) => new URL(`../../${service}/src/main.ts`, import.meta.url).pathname;
const links = (url: string, token?: string) => [
  httpLink({ url: `${url}/trpc`, headers: (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {}) }),
];

const processes: ServiceProcess[] = [];
const databases: Record<string, TestDatabase> = {};
let productUrl: string;
let cartUrl: string;
let users: TRPCClient<UserRouter>;
let products: TRPCClient<ProductRouter>;

beforeAll(async () => {
  for (const s of ['product', 'user', 'cart']) databases[s] = await createTestDatabase(`cart_test_${s}`);
  const [productPort, userPort] = await Promise.all([freePort(), freePort()]);
  productUrl = `http://127.0.0.1:${productPort}`;
  const userUrl = `http://127.0.0.1:${userPort}`;
  const start = (s: string, port: number | undefined, env: Record<string, string>) =>
    startServiceProcess({ name: `cart-test-${s}`, entry: entry(s), ...(port ? { port } : {}), env: { ...databases[s]?.env, ...env }, timeoutMs: 240_000 });
  const started = await Promise.all([
    start('product', productPort, {}),
    start('user', userPort, { PASSWORD_SCRYPT_LOG_N: '14' }),
    start('cart', undefined, { PRODUCT_SERVICE_URL: productUrl, USER_SERVICE_URL: userUrl }),
  ]);
  processes.push(...started);
  cartUrl = started[2].url;
  users = createTRPCClient<UserRouter>({ links: links(userUrl) });
  products = createTRPCClient<ProductRouter>({ links: links(productUrl) });
}, 300_000); // three processes starting on two busy cores

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await Promise.all(Object.values(databases).map((d) => d.drop()));
});

async function newCart(): Promise<TRPCClient<CartRouter>['cart']> {
  const email = `cart-${randomUUID()}@example.com`;
  const { token } = await users.user.register.mutate({ name: 'Carter', email, password: 'correct horse battery' });
  return createTRPCClient<CartRouter>({ links: links(cartUrl, token) }).cart;
}

async function codeOf(call: Promise<unknown>): Promise<string | undefined> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCClientError);
  return (err as TRPCClientError<CartRouter>).data?.code;
}

/** How many product.getMany calls the product service has served so far. */
async function getManyCalls(): Promise<number> {
  const text = await (await fetch(`${productUrl}/metrics`)).text();
  const lines = text.split('\n').filter((l) => l.startsWith('rpc_server_requests_total{') && l.includes('procedure="product.getMany"'));
  return lines.reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

const view = (cart: { items: Array<{ productId: string; quantity: number }> }) => cart.items.map((i) => [i.productId, i.quantity]);

describe('cart', () => {
  it('starts empty, adds items with current names and prices, and sums quantities of the same product', async () => {
    const cart = await newCart();
    expect(await cart.get.query()).toEqual({ items: [], totalCents: 0, currency: 'USD' });
    const kite = await products.product.get.query({ id: 'p030' });
    await cart.addItem.mutate({ productId: 'p030', quantity: 2 });
    const after = await cart.addItem.mutate({ productId: 'p030', quantity: 3 });
    expect(after).toEqual({
      items: [{ productId: 'p030', name: kite.name, unitPriceCents: kite.priceCents, quantity: 5, lineTotalCents: 5 * kite.priceCents, available: true }],
      totalCents: 5 * kite.priceCents,
      currency: 'USD',
    });
  });

  it('renders a cart of many products with exactly one product.getMany call', async () => {
    const cart = await newCart();
    for (const id of ['p001', 'p002', 'p003', 'p004', 'p005', 'p006']) await cart.addItem.mutate({ productId: id, quantity: 1 });
    const before = await getManyCalls();
    const shown = await cart.get.query();
    expect(shown.items).toHaveLength(6);
    expect(await getManyCalls()).toBe(before + 1);
  });

  it('checks the product exists and the quantity is 1..99 and within stock', async () => {
    const cart = await newCart();
    expect(await codeOf(cart.addItem.mutate({ productId: 'no-such-product', quantity: 1 }))).toBe('NOT_FOUND');
    expect(await codeOf(cart.addItem.mutate({ productId: 'p001', quantity: 0 }))).toBe('BAD_REQUEST');
    expect(await codeOf(cart.addItem.mutate({ productId: 'p001', quantity: 100 }))).toBe('BAD_REQUEST');
    expect(await codeOf(cart.addItem.mutate({ productId: 'p001', quantity: 1.5 }))).toBe('BAD_REQUEST');
    // p010 has 25 in stock: 26 is too many, and so is 20 on top of 10 already in the cart.
    expect(await codeOf(cart.addItem.mutate({ productId: 'p010', quantity: 26 }))).toBe('CONFLICT');
    await cart.addItem.mutate({ productId: 'p010', quantity: 10 });
    expect(await codeOf(cart.addItem.mutate({ productId: 'p010', quantity: 20 }))).toBe('CONFLICT');
    // p009 has 10000: the limit is 99 per product however it is reached.
    await cart.addItem.mutate({ productId: 'p009', quantity: 60 });
    expect(await codeOf(cart.addItem.mutate({ productId: 'p009', quantity: 40 }))).toBe('BAD_REQUEST');
    expect(await codeOf(cart.setQuantity.mutate({ productId: 'p010', quantity: 26 }))).toBe('CONFLICT');
    expect(view(await cart.get.query())).toEqual([
      ['p010', 10],
      ['p009', 60],
    ]);
  });

  it('setQuantity sets (0 removes), removeItem and clear remove, and each is safe to repeat', async () => {
    const cart = await newCart();
    await cart.addItem.mutate({ productId: 'p011', quantity: 1 });
    await cart.addItem.mutate({ productId: 'p012', quantity: 1 });
    expect(view(await cart.setQuantity.mutate({ productId: 'p011', quantity: 7 }))).toEqual([
      ['p011', 7],
      ['p012', 1],
    ]);
    expect(view(await cart.setQuantity.mutate({ productId: 'p011', quantity: 7 }))).toEqual([
      ['p011', 7],
      ['p012', 1],
    ]);
    expect(view(await cart.setQuantity.mutate({ productId: 'p012', quantity: 0 }))).toEqual([['p011', 7]]);
    expect(view(await cart.setQuantity.mutate({ productId: 'p013', quantity: 2 }))).toEqual([
      ['p011', 7],
      ['p013', 2],
    ]);
    expect(view(await cart.removeItem.mutate({ productId: 'p011' }))).toEqual([['p013', 2]]);
    expect(view(await cart.removeItem.mutate({ productId: 'p011' }))).toEqual([['p013', 2]]);
    expect(await cart.clear.mutate()).toEqual({ items: [], totalCents: 0, currency: 'USD' });
    expect(await cart.clear.mutate()).toEqual({ items: [], totalCents: 0, currency: 'USD' });
  });

  it('removeOrdered takes out exactly the ordered quantities, once per order', async () => {
    const cart = await newCart();
    await cart.addItem.mutate({ productId: 'p014', quantity: 2 });
    await cart.addItem.mutate({ productId: 'p015', quantity: 1 });
    // Ordered: 2 × p014 and 1 × p015. Meanwhile p015 was raised to 4 and p016 added.
    await cart.setQuantity.mutate({ productId: 'p015', quantity: 4 });
    await cart.addItem.mutate({ productId: 'p016', quantity: 1 });
    const orderId = randomUUID();
    const items = [
      { productId: 'p014', quantity: 2 },
      { productId: 'p015', quantity: 1 },
    ];
    expect(await cart.removeOrdered.mutate({ orderId, items })).toEqual({ applied: true });
    expect(await cart.removeOrdered.mutate({ orderId, items })).toEqual({ applied: false });
    expect(view(await cart.get.query())).toEqual([
      ['p015', 3],
      ['p016', 1],
    ]);
  });

  it('removeOrderedFor (recovery, no token: the mesh admits order only) works on the named user, once per order shared with removeOrdered', async () => {
    const email = `cart-${randomUUID()}@example.com`;
    const { user, token } = await users.user.register.mutate({ name: 'Recovered', email, password: 'correct horse battery' });
    const cart = createTRPCClient<CartRouter>({ links: links(cartUrl, token) }).cart;
    const other = await newCart();
    await cart.addItem.mutate({ productId: 'p019', quantity: 3 });
    await other.addItem.mutate({ productId: 'p019', quantity: 3 });
    const service = createTRPCClient<CartRouter>({ links: links(cartUrl) }).cart;
    const orderId = randomUUID();
    const items = [{ productId: 'p019', quantity: 2 }];
    expect(await service.removeOrderedFor.mutate({ userId: user.id, orderId, items })).toEqual({ applied: true });
    expect(await service.removeOrderedFor.mutate({ userId: user.id, orderId, items })).toEqual({ applied: false });
    expect(await cart.removeOrdered.mutate({ orderId, items })).toEqual({ applied: false });
    expect(view(await cart.get.query())).toEqual([['p019', 1]]);
    expect(view(await other.get.query())).toEqual([['p019', 3]]);
    expect(await codeOf(service.removeOrderedFor.mutate({ userId: ' ', orderId, items }))).toBe('BAD_REQUEST');
    expect(await codeOf(service.removeOrderedFor.mutate({ userId: 'a\u0000b', orderId: randomUUID(), items }))).toBe('BAD_REQUEST');
  });

  it('keeps every user to their own cart', async () => {
    const [a, b] = await Promise.all([newCart(), newCart()]);
    await a.addItem.mutate({ productId: 'p017', quantity: 2 });
    expect((await b.get.query()).items).toEqual([]);
    await b.clear.mutate();
    await b.removeItem.mutate({ productId: 'p017' });
    await b.removeOrdered.mutate({ orderId: randomUUID(), items: [{ productId: 'p017', quantity: 2 }] });
    expect(view(await a.get.query())).toEqual([['p017', 2]]);
    expect(await codeOf(createTRPCClient<CartRouter>({ links: links(cartUrl) }).cart.get.query())).toBe('UNAUTHORIZED');
  });

  it.skipIf(!process.env.DATABASE_URL)('still renders a cart whose product was deleted from the catalog', async () => {
    const cart = await newCart();
    await cart.addItem.mutate({ productId: 'p018', quantity: 2 });
    await cart.addItem.mutate({ productId: 'p025', quantity: 1 });
    const productDb = new pg.Client({ connectionString: databases.product?.env.DATABASE_URL });
    await productDb.connect();
    try {
      await productDb.query(`delete from products where id = 'p018'`);
    } finally {
      await productDb.end();
    }
    const puzzle = await products.product.get.query({ id: 'p025' });
    const shown = await cart.get.query();
    expect(shown.items).toEqual([
      { productId: 'p018', name: UNAVAILABLE_NAME, unitPriceCents: 0, quantity: 2, lineTotalCents: 0, available: false },
      { productId: 'p025', name: puzzle.name, unitPriceCents: puzzle.priceCents, quantity: 1, lineTotalCents: puzzle.priceCents, available: true },
    ]);
    expect(shown.totalCents).toBe(puzzle.priceCents);
    expect(view(await cart.removeItem.mutate({ productId: 'p018' }))).toEqual([['p025', 1]]);
  });
});
