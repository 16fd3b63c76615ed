import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, type Shop, SHOP_HOOK_TIMEOUT_MS, SHOP_TEST_TIMEOUT_MS, startShop } from './support/shop.js';

let shop: Shop;

beforeAll(async () => {
  shop = await startShop('journey');
}, SHOP_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await shop?.close();
}, SHOP_HOOK_TIMEOUT_MS);

describe('a new shopper, end to end over HTTP', { timeout: SHOP_TEST_TIMEOUT_MS }, () => {
  it('registers, browses, fills the cart, orders, sees the order; stock goes down and the cart empties', async () => {
    const anonymous = shop.clients();
    const me = await shop.register('journey');
    expect((await me.api.user.user.me.query()).email).toBe(me.email);

    // Browse: a category page, then two products from it.
    const page = await anonymous.product.product.list.query({ category: 'books', limit: 5 });
    expect(page.items.length).toBeGreaterThanOrEqual(2);
    const [first, second] = page.items as [(typeof page.items)[0], (typeof page.items)[0]];
    const before = await Promise.all([first, second].map((p) => anonymous.product.product.get.query({ id: p.id })));

    expect((await me.api.cart.cart.get.query()).items).toEqual([]);
    await me.api.cart.cart.addItem.mutate({ productId: first.id, quantity: 2 });
    const cart = await me.api.cart.cart.addItem.mutate({ productId: second.id, quantity: 1 });
    expect(cart.items.map((i) => [i.productId, i.name, i.quantity, i.unitPriceCents])).toEqual([
      [first.id, first.name, 2, first.priceCents],
      [second.id, second.name, 1, second.priceCents],
    ]);
    const expectedTotal = 2 * first.priceCents + second.priceCents;
    expect(cart.totalCents).toBe(expectedTotal);

    const order = await me.api.order.order.create.mutate({ idempotencyKey: randomUUID() });
    expect(order).toMatchObject({ userId: me.id, status: 'CONFIRMED', totalCents: expectedTotal, currency: 'USD' });
    expect(order.failureReason).toBeUndefined();
    expect(order.lines).toEqual([
      { productId: first.id, name: first.name, quantity: 2, unitPriceCents: first.priceCents, lineTotalCents: 2 * first.priceCents },
      { productId: second.id, name: second.name, quantity: 1, unitPriceCents: second.priceCents, lineTotalCents: second.priceCents },
    ]);
    expect(new Date(order.createdAt).toISOString()).toBe(order.createdAt);

    expect(await me.api.order.order.get.query({ id: order.id })).toEqual(order);
    const listed = await me.api.order.order.list.query();
    expect(listed).toEqual({ items: [order], nextCursor: null });

    const after = await Promise.all([first, second].map((p) => anonymous.product.product.get.query({ id: p.id })));
    expect(after[0]?.stock).toBe((before[0]?.stock ?? 0) - 2);
    expect(after[1]?.stock).toBe((before[1]?.stock ?? 0) - 1);
    expect(await me.api.cart.cart.get.query()).toEqual({ items: [], totalCents: 0, currency: 'USD' });
  });

  it('refuses to order an empty cart with BAD_REQUEST and records nothing', async () => {
    const me = await shop.register('empty');
    expect(await errorCode(me.api.order.order.create.mutate({ idempotencyKey: randomUUID() }))).toBe('BAD_REQUEST');
    expect((await me.api.order.order.list.query()).items).toEqual([]);
  });

  it('fails an order for more than the stock with CONFLICT, keeping the FAILED order with its reason', async () => {
    const me = await shop.register('greedy');
    const product = await shop.clients().product.product.get.query({ id: 'p010' });
    await me.api.cart.cart.addItem.mutate({ productId: product.id, quantity: 5 });
    // Someone else takes most of the stock meanwhile.
    await shop.clients().product.product.reserve.mutate({ orderId: `test-${randomUUID()}`, items: [{ productId: product.id, quantity: product.stock - 3 }] });

    const key = randomUUID();
    expect(await errorCode(me.api.order.order.create.mutate({ idempotencyKey: key }))).toBe('CONFLICT');
    // The same key again gives the same answer; the FAILED order holds no stock.
    expect(await errorCode(me.api.order.order.create.mutate({ idempotencyKey: key }))).toBe('CONFLICT');
    const { items } = await me.api.order.order.list.query();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'FAILED', failureReason: 'out_of_stock', lines: [], totalCents: 0 });
    expect((await shop.clients().product.product.get.query({ id: product.id })).stock).toBe(3);
    expect((await me.api.cart.cart.get.query()).items.map((i) => i.quantity)).toEqual([5]);
  });

  it('lists orders newest first, page by page with a cursor', async () => {
    const me = await shop.register('pager');
    const placed: string[] = [];
    for (let i = 0; i < 5; i++) {
      await me.api.cart.cart.addItem.mutate({ productId: 'p009', quantity: 1 });
      placed.push((await me.api.order.order.create.mutate({ idempotencyKey: randomUUID() })).id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await me.api.order.order.list.query({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(result.items.length).toBeLessThanOrEqual(2);
      seen.push(...result.items.map((o) => o.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual([...placed].reverse());
    expect(await errorCode(me.api.order.order.list.query({ cursor: 'not-a-cursor' }))).toBe('BAD_REQUEST');
  });
});
