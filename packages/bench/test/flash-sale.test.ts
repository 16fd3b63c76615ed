// The flash-sale scenario's code on a small scale against the real services: 100 buyers, stock 10.
import { startShop, type Shop } from '@shop/order/test-shop';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFlashSale } from '../src/flash-sale.js';

const postgres = Boolean(process.env.DATABASE_URL);
let shop: Shop;
let product: pg.Client;

describe.skipIf(!postgres)('flash sale', () => {
  beforeAll(async () => {
    shop = await startShop('flash');
    product = new pg.Client({ connectionString: shop.databaseEnv('product').DATABASE_URL });
    await product.connect();
  }, 300_000);

  afterAll(async () => {
    await product?.end();
    await shop?.close();
  });

  it('sells exactly the stock to 100 buyers at once and tells every other buyer it is sold out', async () => {
    const stockOf = async () => (await product.query<{ stock: number }>(`select stock from products where id = 'p030'`)).rows[0]?.stock ?? -1;
    const result = await runFlashSale({
      urls: { product: shop.url('product'), cart: shop.url('cart'), order: shop.url('order'), user: shop.url('user') },
      buyers: 100,
      stock: 10,
      productId: 'p030',
      setStock: async (n) => void (await product.query(`update products set stock = $1 where id = 'p030'`, [n])),
      readStock: stockOf,
    });
    console.log(`flash sale: ${JSON.stringify(result)}`);
    expect(result.sold).toBe(10);
    expect(result.soldOut).toBe(90);
    expect(result.errors).toEqual({});
    expect(result.stockLeft).toBe(0);
    const confirmed = await shop.clients().product.product.get.query({ id: 'p030' });
    expect(confirmed.stock).toBe(0);
    expect(result.ordersPerS).toBeGreaterThan(0);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
  }, 300_000);
});
