// order.list for a shopper with 1,000 orders among many, EXPLAINed exactly as the service sends it:
// neither the first page nor page 50 through the cursor may read the whole orders table.
// `pnpm bench --seed large` makes the full 1,000,000 orders over 10,000 users; this test seeds 100,000
// over 1,000 (same shape, a tenth of the rows) so that `pnpm test` stays quick.
import { createTestDatabase, explain, recordingKysely, sequentialScans, startServiceProcess, type ServiceProcess, type TestDatabase } from '@shop/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDatabase } from '../src/db/schema.js';
import { createOrderStore, type PageCursor } from '../src/order-store.js';
import { ORDERS_PER_HEAVY_USER, seedOrders } from '../src/seed/order-seed.js';

const postgres = Boolean(process.env.DATABASE_URL);
const HEAVY = 'heavy-shopper';

let db: TestDatabase;
let service: ServiceProcess;
let recorder: ReturnType<typeof recordingKysely<OrderDatabase>>;

describe.skipIf(!postgres)('order.list at scale', () => {
  beforeAll(async () => {
    db = await createTestDatabase('order-list-plan');
    // The real service applies its migrations; nothing here calls the services it would call.
    service = await startServiceProcess({
      name: 'order-plan',
      entry: new URL('../src/main.ts', import.meta.url).pathname,
      env: { ...db.env, LOG_LEVEL: 'warn', PRODUCT_SERVICE_URL: 'http://127.0.0.1:9', CART_SERVICE_URL: 'http://127.0.0.1:9', USER_SERVICE_URL: 'http://127.0.0.1:9' },
      timeoutMs: 90_000,
    });
    recorder = recordingKysely<OrderDatabase>(db.env.DATABASE_URL);
    const started = Date.now();
    await seedOrders(recorder, { orders: 100_000, users: 1_000, heavyUsers: [HEAVY] });
    console.log(`seeded 100,000 orders in ${Date.now() - started} ms`);
  }, 300_000);

  afterAll(async () => {
    await recorder?.close();
    await service?.stop();
    await db?.drop();
  });

  it('gives the heavy shopper exactly 1,000 orders and spreads the rest', async () => {
    const counts = await recorder.db
      .selectFrom('orders')
      .select((eb) => ['user_id', eb.fn.countAll<number>().as('n')])
      .groupBy('user_id')
      .orderBy('n', 'desc')
      .execute();
    expect(counts).toHaveLength(1_000);
    // count(*) is int8, which this bare pool reads as a string.
    expect(counts[0]).toEqual({ user_id: HEAVY, n: String(ORDERS_PER_HEAVY_USER) });
    expect(counts.reduce((sum, c) => sum + Number(c.n), 0)).toBe(100_000);
  });

  it('the first page and page 50 through the cursor read no whole table', async () => {
    const store = createOrderStore(recorder.db);
    let after: PageCursor | undefined;
    for (let page = 1; page <= 50; page++) {
      const rows = await store.page(HEAVY, 20, after);
      // 1,000 orders are exactly 50 pages: the last has no row beyond it.
      expect(rows).toHaveLength(page === 50 ? 20 : 21);
      if (page === 1 || page === 50) {
        const plan = await explain(recorder.db, recorder.last());
        console.log(`order.list page ${page}: ${plan.text}`);
        expect(sequentialScans(plan.nodes, 'orders'), plan.text).toEqual([]);
      }
      const last = rows[19]!;
      after = { createdAt: new Date(last.created_at), id: last.id };
    }
  });
});
