import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFlakyProxy, type FlakyProxy } from './support/flaky-proxy.js';
import { errorCode, eventually, type ServiceName, type Shop, SHOP_HOOK_TIMEOUT_MS, SHOP_TEST_TIMEOUT_MS, type Shopper, startShop } from './support/shop.js';

let shop: Shop;
// The order service reaches the product service through this proxy, so a test can break that one link.
let productLink: FlakyProxy;

beforeAll(async () => {
  productLink = await startFlakyProxy();
  shop = await startShop('depdown', { env: { order: { PRODUCT_SERVICE_URL: productLink.url, ORDER_RECOVERY_INTERVAL_MS: '300' } } });
  productLink.target = shop.url('product');
}, SHOP_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await shop?.close();
  await productLink?.close();
}, SHOP_HOOK_TIMEOUT_MS);

const stockOf = async (id: string) => (await shop.clients().product.product.get.query({ id })).stock;

/** A shopper with one product in the cart, whose token cart and order have already verified (keys cached). */
async function readyShopper(label: string, productId: string): Promise<Shopper> {
  const shopper = await shop.register(label);
  await shopper.api.cart.cart.addItem.mutate({ productId, quantity: 2 });
  expect((await shopper.api.order.order.list.query()).items).toEqual([]);
  return shopper;
}

/** With `service` down, order.create is refused as unavailable, leaves no order and takes no stock; with it back, the same key works. */
async function orderWhileDown(service: ServiceName, productId: string): Promise<void> {
  const shopper = await readyShopper(`without-${service}`, productId);
  const stock = await stockOf(productId);
  const key = randomUUID();

  await shop.stop(service);
  expect(await errorCode(shopper.api.order.order.create.mutate({ idempotencyKey: key }))).toBe('SERVICE_UNAVAILABLE');
  await shop.restart(service);

  expect((await shopper.api.order.order.list.query()).items).toEqual([]);
  expect(await stockOf(productId)).toBe(stock);
  expect((await shopper.api.cart.cart.get.query()).items.map((i) => i.quantity)).toEqual([2]);

  const order = await shopper.api.order.order.create.mutate({ idempotencyKey: key });
  expect(order.status).toBe('CONFIRMED');
  expect(await stockOf(productId)).toBe(stock - 2);
}

describe('a dependency of the order service is down', { timeout: SHOP_TEST_TIMEOUT_MS }, () => {
  it('product service stopped: SERVICE_UNAVAILABLE, no order, no stock taken', () => orderWhileDown('product', 'p005'));
  it('user service stopped: SERVICE_UNAVAILABLE, no order, no stock taken', () => orderWhileDown('user', 'p006'));
  it('cart service stopped: SERVICE_UNAVAILABLE, no order, no stock taken', () => orderWhileDown('cart', 'p007'));

  it('the cart says SERVICE_UNAVAILABLE, not a 500, while the product service is down', async () => {
    const shopper = await readyShopper('cart-view', 'p008');
    await shop.stop('product');
    try {
      expect(await errorCode(shopper.api.cart.cart.get.query())).toBe('SERVICE_UNAVAILABLE');
      expect(await errorCode(shopper.api.cart.cart.addItem.mutate({ productId: 'p008', quantity: 1 }))).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await shop.restart('product');
    }
    expect((await shopper.api.cart.cart.get.query()).items.map((i) => i.quantity)).toEqual([2]);
  });

  it('reserve applied but its answer lost, and release refused: the order FAILS and recovery gives the stock back', async () => {
    const shopper = await readyShopper('lost-answer', 'p021');
    const stock = await stockOf('p021');
    productLink.faults = { 'product.reserve': 'lose-response', 'product.release': 'refuse' };
    const key = randomUUID();
    try {
      expect(await errorCode(shopper.api.order.order.create.mutate({ idempotencyKey: key }))).toBe('SERVICE_UNAVAILABLE');
      expect(productLink.forwarded).toContain('product.reserve');
      expect(await stockOf('p021')).toBe(stock - 2); // reserved on the product side, unknown to the order
      const [order] = (await shopper.api.order.order.list.query()).items;
      expect(order).toMatchObject({ status: 'FAILED', failureReason: 'dependency_unavailable', lines: [], totalCents: 0 });
    } finally {
      productLink.faults = {};
    }
    // Once the product service is reachable again, recovery's release returns the stock: nothing stays reserved.
    await eventually(() => stockOf('p021'), (s) => s === stock);
    expect(await errorCode(shopper.api.order.order.create.mutate({ idempotencyKey: key }))).toBe('SERVICE_UNAVAILABLE');
    expect(await stockOf('p021')).toBe(stock);
    expect((await shopper.api.cart.cart.get.query()).items.map((i) => i.quantity)).toEqual([2]);
  });
});
