import { randomUUID } from 'node:crypto';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderRouter } from '../src/router.js';
import { metricValue } from './support/metrics.js';
import { inBatches, setStock, type Shop, SHOP_HOOK_TIMEOUT_MS, SHOP_TEST_TIMEOUT_MS, type Shopper, startShop } from './support/shop.js';

const BUYERS = 100;
const STOCK = 10;
const PRODUCT = 'p030';

let shop: Shop;

beforeAll(async () => {
  // A hundred orders at once on two cores: give each call a generous deadline so only stock decides.
  const slowCalls = { CALL_TIMEOUT_MS: '30000' };
  shop = await startShop('oversell', { env: { order: slowCalls, cart: slowCalls } });
}, SHOP_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await shop?.close();
}, SHOP_HOOK_TIMEOUT_MS);

describe('no overselling', { timeout: SHOP_TEST_TIMEOUT_MS }, () => {
  it(`${BUYERS} concurrent orders for a product with stock ${STOCK} place exactly ${STOCK}`, async () => {
    await setStock(shop, PRODUCT, STOCK);
    const buyers: Shopper[] = await inBatches(Array.from({ length: BUYERS }), 8, async (_, i) => {
      const buyer = await shop.register(`buyer${i}`);
      await buyer.api.cart.cart.addItem.mutate({ productId: PRODUCT, quantity: 1 });
      return buyer;
    });
    expect(buyers).toHaveLength(BUYERS);

    const results = await Promise.allSettled(buyers.map((b) => b.api.order.order.create.mutate({ idempotencyKey: randomUUID() })));

    const confirmed = results.filter((r) => r.status === 'fulfilled' && r.value.status === 'CONFIRMED');
    const rejected = results.filter((r) => r.status === 'rejected');
    const rejectionCodes = rejected.map((r) => (r.reason as TRPCClientError<OrderRouter>).data?.code);
    expect(confirmed).toHaveLength(STOCK);
    expect(rejected).toHaveLength(BUYERS - STOCK);
    expect(new Set(rejectionCodes)).toEqual(new Set(['CONFLICT']));
    expect((await shop.clients().product.product.get.query({ id: PRODUCT })).stock).toBe(0);

    // Every buyer has exactly one order: the winners' CONFIRMED with one unit, the others FAILED holding nothing.
    const orders = await inBatches(buyers, 10, async (b) => (await b.api.order.order.list.query()).items);
    const confirmedOrders = orders.flat().filter((o) => o.status === 'CONFIRMED');
    const failedOrders = orders.flat().filter((o) => o.status === 'FAILED');
    expect(orders.every((list) => list.length === 1)).toBe(true);
    expect(confirmedOrders).toHaveLength(STOCK);
    expect(confirmedOrders.reduce((n, o) => n + (o.lines[0]?.quantity ?? 0), 0)).toBe(STOCK);
    expect(failedOrders).toHaveLength(BUYERS - STOCK);
    expect(failedOrders.every((o) => o.failureReason === 'out_of_stock' && o.lines.length === 0 && o.totalCents === 0)).toBe(true);
    expect(orders.flat().some((o) => o.status === 'PENDING')).toBe(false);

    // Winners' carts are empty; the others keep the item they could not buy.
    const cartSizes = await inBatches(buyers, 10, async (b) => (await b.api.cart.cart.get.query()).items.length);
    expect(cartSizes.filter((n) => n === 0)).toHaveLength(STOCK);
    expect(cartSizes.filter((n) => n === 1)).toHaveLength(BUYERS - STOCK);

    const orderUrl = shop.url('order');
    expect(await metricValue(orderUrl, 'shop_orders_total', { status: 'confirmed' })).toBe(STOCK);
    expect(await metricValue(orderUrl, 'shop_orders_total', { status: 'failed' })).toBe(BUYERS - STOCK);
    expect(await metricValue(orderUrl, 'shop_order_failures_total', { reason: 'out_of_stock' })).toBe(BUYERS - STOCK);
    expect(await metricValue(orderUrl, 'shop_order_value_cents_count')).toBe(STOCK);
  });
});
