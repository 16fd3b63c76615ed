import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, eventually, setStock, type Shop, SHOP_HOOK_TIMEOUT_MS, SHOP_TEST_TIMEOUT_MS, type Shopper, startShop } from './support/shop.js';

// Recovery looks every 300 ms at orders PENDING for over a second (production: 30 s and 60 s).
const recoveryTimings = { ORDER_RECOVERY_INTERVAL_MS: '300', ORDER_RECOVERY_GRACE_MS: '1000' };

let shop: Shop;

beforeAll(async () => {
  shop = await startShop('crash', { env: { order: recoveryTimings } });
}, SHOP_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await shop?.close();
}, SHOP_HOOK_TIMEOUT_MS);

const stockOf = async (id: string) => (await shop.clients().product.product.get.query({ id })).stock;

/** Restarts the order service with the crash hook armed, then places an order that crashes it. */
async function orderThatCrashes(buyer: Shopper, point: 'before-reserve' | 'after-reserve'): Promise<string> {
  await shop.stop('order');
  await shop.restart('order', { ORDER_TEST_CRASH: point });
  const key = randomUUID();
  // The connection dies with the process: no tRPC answer at all.
  expect(await errorCode(buyer.api.order.order.create.mutate({ idempotencyKey: key }))).toBeUndefined();
  expect(await shop.exited('order')).toBeNull(); // killed by a signal, not an exit code
  return key;
}

describe('a crash of the order process in the middle of a placement', { timeout: SHOP_TEST_TIMEOUT_MS }, () => {
  it('after reserving: after restart the order is CONFIRMED, the stock taken exactly once and the lines out of the cart', async () => {
    const buyer = await shop.register('crash-after');
    await setStock(shop, 'p010', 10);
    await buyer.api.cart.cart.addItem.mutate({ productId: 'p010', quantity: 4 });
    await buyer.api.cart.cart.addItem.mutate({ productId: 'p011', quantity: 1 });

    const key = await orderThatCrashes(buyer, 'after-reserve');
    expect(await stockOf('p010')).toBe(6); // reserved, not yet confirmed
    const cartLines = async () => (await buyer.api.cart.cart.get.query()).items.map((i) => [i.productId, i.quantity]);
    expect(await cartLines()).toEqual([['p010', 4], ['p011', 1]]); // the crash came before the cart step

    await shop.restart('order');
    const [order] = (await eventually(() => buyer.api.order.order.list.query(), (r) => r.items[0]?.status !== 'PENDING')).items;
    expect(order?.status).toBe('CONFIRMED');
    expect(order?.lines.map((l) => [l.productId, l.quantity]).sort()).toEqual([['p010', 4], ['p011', 1]]);
    expect(order?.totalCents).toBe(order?.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0));
    expect(await stockOf('p010')).toBe(6);
    // Recovery holds no buyer token: it takes the lines out through cart.removeOrderedFor (right after confirming).
    expect(await eventually(cartLines, (lines) => lines.length === 0)).toEqual([]);

    // A replay of that removal (same order id) takes nothing out of what the buyer added since.
    await buyer.api.cart.cart.addItem.mutate({ productId: 'p010', quantity: 2 });
    const replay = await shop.clients().cart.cart.removeOrderedFor.mutate({ userId: buyer.id, orderId: order?.id ?? '', items: [{ productId: 'p010', quantity: 4 }] });
    expect(replay).toEqual({ applied: false });
    // The same key answers with the recovered order, and the cart keeps the new line.
    expect((await buyer.api.order.order.create.mutate({ idempotencyKey: key })).id).toBe(order?.id);
    expect(await cartLines()).toEqual([['p010', 2]]);
    expect(await stockOf('p010')).toBe(6);
  });

  it('before reserving, with the stock gone meanwhile: after restart the order is FAILED and holds nothing', async () => {
    const [buyer, rival] = await Promise.all([shop.register('crash-before'), shop.register('rival')]);
    await setStock(shop, 'p020', 10);
    await buyer.api.cart.cart.addItem.mutate({ productId: 'p020', quantity: 5 });

    const key = await orderThatCrashes(buyer, 'before-reserve');
    expect(await stockOf('p020')).toBe(10);

    await shop.restart('order', { ORDER_RECOVERY_GRACE_MS: '60000' }); // recovery holds off while the rival buys
    await rival.api.cart.cart.addItem.mutate({ productId: 'p020', quantity: 8 });
    expect((await rival.api.order.order.create.mutate({ idempotencyKey: randomUUID() })).status).toBe('CONFIRMED');
    expect(await stockOf('p020')).toBe(2);

    await shop.stop('order');
    await shop.restart('order');
    const [order] = (await eventually(() => buyer.api.order.order.list.query(), (r) => r.items[0]?.status !== 'PENDING')).items;
    expect(order).toMatchObject({ status: 'FAILED', failureReason: 'out_of_stock', lines: [], totalCents: 0 });
    expect(await stockOf('p020')).toBe(2);
    expect(await errorCode(buyer.api.order.order.create.mutate({ idempotencyKey: key }))).toBe('CONFLICT');
    expect(await stockOf('p020')).toBe(2);
  });

  it('after reserving, with the product service down at restart: the order waits PENDING, then is CONFIRMED', async () => {
    const buyer = await shop.register('crash-wait');
    await setStock(shop, 'p030', 10);
    await buyer.api.cart.cart.addItem.mutate({ productId: 'p030', quantity: 3 });
    await orderThatCrashes(buyer, 'after-reserve');

    await shop.stop('product');
    await shop.restart('order');
    await new Promise((r) => setTimeout(r, 2_500)); // several recovery rounds find the product service down
    expect((await buyer.api.order.order.list.query()).items.map((o) => o.status)).toEqual(['PENDING']);
    await shop.restart('product');

    const [order] = (await eventually(() => buyer.api.order.order.list.query(), (r) => r.items[0]?.status !== 'PENDING')).items;
    expect(order).toMatchObject({ status: 'CONFIRMED', lines: [{ productId: 'p030', quantity: 3 }] });
    expect(await stockOf('p030')).toBe(7);
  });
});
