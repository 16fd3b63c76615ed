// A database failover, as the services see it: their PostgreSQL connections terminated again and again
// while orders are being placed. No process may exit, no call may answer 500, every order must end
// CONFIRMED or FAILED, and the stock must match the confirmed orders exactly.
import { randomUUID } from 'node:crypto';
import { testServerUrl } from '@shop/kit/testing';
import { TRPCClientError } from '@trpc/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, inBatches, setStock, type Shop, SERVICES, SHOP_HOOK_TIMEOUT_MS, SHOP_TEST_TIMEOUT_MS, type Shopper, startShop } from './support/shop.js';

const PRODUCTS = { p026: 12, p027: 12, p028: 40 } as const;
type ProductId = keyof typeof PRODUCTS;
const RETRYABLE = new Set(['SERVICE_UNAVAILABLE', 'GATEWAY_TIMEOUT', 'BAD_GATEWAY', 'TIMEOUT']);

let shop: Shop;
let admin: pg.Client;

beforeAll(async () => {
  shop = await startShop('chaos', { env: { order: { ORDER_RECOVERY_INTERVAL_MS: '300', ORDER_RECOVERY_GRACE_MS: '1500' } } });
  admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
}, SHOP_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await admin?.end();
  await shop?.close();
}, SHOP_HOOK_TIMEOUT_MS);

const codeOf = (err: unknown): string =>
  err instanceof TRPCClientError ? ((err as TRPCClientError<never>).data as { code?: string } | undefined)?.code ?? 'NO_BODY' : 'TIMEOUT';

describe('connections terminated under load', { timeout: SHOP_TEST_TIMEOUT_MS }, () => {
  it('no process exits, no 500, every order CONFIRMED or FAILED, stock consistent', async () => {
    for (const [id, stock] of Object.entries(PRODUCTS)) await setStock(shop, id, stock);
    const products = Object.keys(PRODUCTS) as ProductId[];
    const buyers = await inBatches(Array.from({ length: 18 }, (_, i) => i), 4, async (i) => {
      const buyer = await shop.register(`chaos-${i}`);
      await buyer.api.cart.cart.addItem.mutate({ productId: products[i % products.length] as ProductId, quantity: 1 + (i % 3) });
      return buyer;
    });

    const databases = shop.databases();
    let terminated = 0;
    let chaos = true;
    const terminator = (async () => {
      while (chaos) {
        const { rowCount } = await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = any($1) and application_name = any($2)',
          [databases, [...SERVICES]],
        );
        terminated += rowCount ?? 0;
        await new Promise((r) => setTimeout(r, 150));
      }
    })();

    // Each buyer places one order and, like a real client, retries the same key while the answer is "try again".
    const codes: string[] = [];
    const place = async (buyer: Shopper): Promise<void> => {
      const key = randomUUID();
      for (let attempt = 0; attempt < 40; attempt++) {
        try {
          await buyer.api.order.order.create.mutate({ idempotencyKey: key });
          codes.push('OK');
          return;
        } catch (err) {
          const code = codeOf(err);
          codes.push(code);
          if (!RETRYABLE.has(code)) return;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };
    const started = Date.now();
    await inBatches(buyers, 6, place);
    // Keep terminating for a while even if the orders went fast, then let the dust settle.
    while (Date.now() - started < 4_000) await new Promise((r) => setTimeout(r, 100));
    chaos = false;
    await terminator;

    expect(terminated).toBeGreaterThan(20);
    for (const service of SERVICES) expect(shop.alive(service), `${service} is alive`).toBe(true);
    expect(codes.filter((c) => c === 'INTERNAL_SERVER_ERROR' || c === 'NO_BODY'), codes.join(',')).toEqual([]);
    expect(shop.logs()).not.toMatch(/Unhandled 'error' event|uncaughtException/);

    // Recovery settles what the chaos left PENDING; failed orders give their stock back.
    const settled = async () => {
      const orders = (await Promise.all(buyers.map((b) => b.api.order.order.list.query({ limit: 10 })))).flatMap((p) => p.items);
      const stock = Object.fromEntries(
        await Promise.all(products.map(async (id) => [id, (await shop.clients().product.product.get.query({ id })).stock] as const)),
      ) as Record<ProductId, number>;
      return { orders, stock };
    };
    const consistent = ({ orders, stock }: Awaited<ReturnType<typeof settled>>) =>
      orders.every((o) => o.status === 'CONFIRMED' || o.status === 'FAILED') &&
      products.every((id) => {
        const taken = orders.filter((o) => o.status === 'CONFIRMED').flatMap((o) => o.lines).filter((l) => l.productId === id).reduce((n, l) => n + l.quantity, 0);
        return stock[id] === PRODUCTS[id] - taken;
      });
    const final = await eventually(settled, consistent, 60_000);
    expect(final.orders.length).toBeGreaterThan(0);
    expect(final.orders.some((o) => o.status === 'CONFIRMED')).toBe(true);
  });
});
