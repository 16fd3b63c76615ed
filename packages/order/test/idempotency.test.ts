import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Shop, SHOP_HOOK_TIMEOUT_MS, SHOP_TEST_TIMEOUT_MS, startShop } from './support/shop.js';

let shop: Shop;

beforeAll(async () => {
  shop = await startShop('idempotency');
}, SHOP_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await shop?.close();
}, SHOP_HOOK_TIMEOUT_MS);

const stockOf = async (id: string) => (await shop.clients().product.product.get.query({ id })).stock;

describe('idempotency', { timeout: SHOP_TEST_TIMEOUT_MS }, () => {
  it('the same order.create key sent 20 times at once creates one order', async () => {
    const buyer = await shop.register('twenty');
    const before = await stockOf('p001');
    await buyer.api.cart.cart.addItem.mutate({ productId: 'p001', quantity: 3 });
    const key = randomUUID();

    const answers = await Promise.all(Array.from({ length: 20 }, () => buyer.api.order.order.create.mutate({ idempotencyKey: key })));

    expect(new Set(answers.map((o) => o.id)).size).toBe(1);
    expect(answers.every((o) => o.status === 'CONFIRMED' && o.totalCents === answers[0]?.totalCents)).toBe(true);
    expect((await buyer.api.order.order.list.query()).items.map((o) => o.id)).toEqual([answers[0]?.id]);
    expect(await stockOf('p001')).toBe(before - 3);
    expect((await buyer.api.cart.cart.get.query()).items).toEqual([]);

    // Later replays of the key still answer with that order and take nothing more.
    const replay = await buyer.api.order.order.create.mutate({ idempotencyKey: key });
    expect(replay).toEqual(answers[0]);
    expect(await stockOf('p001')).toBe(before - 3);
  });

  it('a key is per user: another user with the same key gets an order of their own', async () => {
    const [a, b] = await Promise.all([shop.register('keyA'), shop.register('keyB')]);
    await a.api.cart.cart.addItem.mutate({ productId: 'p002', quantity: 1 });
    await b.api.cart.cart.addItem.mutate({ productId: 'p003', quantity: 1 });
    const key = randomUUID();
    const [orderA, orderB] = await Promise.all([a.api.order.order.create.mutate({ idempotencyKey: key }), b.api.order.order.create.mutate({ idempotencyKey: key })]);
    expect(orderA.id).not.toBe(orderB.id);
    expect([orderA.userId, orderA.lines[0]?.productId]).toEqual([a.id, 'p002']);
    expect([orderB.userId, orderB.lines[0]?.productId]).toEqual([b.id, 'p003']);
  });

  it('product.reserve replayed after a lost response reserves once; release twice releases once', async () => {
    const product = shop.clients().product.product;
    const before = await stockOf('p004');
    const orderId = `lost-response-${randomUUID()}`;
    const items = [{ productId: 'p004', quantity: 4 }];

    const first = await product.reserve.mutate({ orderId, items }); // its response "lost": the caller retries
    const retries = await Promise.all(Array.from({ length: 5 }, () => product.reserve.mutate({ orderId, items })));
    for (const retry of retries) expect(retry).toEqual(first);
    expect(await stockOf('p004')).toBe(before - 4);

    expect(await product.release.mutate({ orderId })).toEqual({ released: true });
    expect(await product.release.mutate({ orderId })).toEqual({ released: false });
    expect(await stockOf('p004')).toBe(before);
  });
});
