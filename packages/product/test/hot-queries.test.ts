// The catalog's hot queries at 100,000 products (the large seed), each EXPLAINed exactly as the
// service sends it: none may read the whole products table.
import { createTestDatabase, explain, recordingKysely, sequentialScans, startServiceProcess, type ServiceProcess, type TestDatabase } from '@shop/kit/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProducts, type ListInput } from '../src/catalog/queries.js';
import type { ProductDatabase } from '../src/db/schema.js';
import { seedCatalog } from '../src/seed/catalog-seed.js';
import { productClient, productEntry } from './support/product-service.js';
import { connect, eventually, metricValue } from './support/replicas.js';

const postgres = Boolean(process.env.DATABASE_URL);
const PRODUCTS = 100_000;

let db: TestDatabase;
let service: ServiceProcess;
let sql: pg.Client;
let recorder: ReturnType<typeof recordingKysely<ProductDatabase>>;

describe.skipIf(!postgres)('hot catalog queries at 100,000 products', () => {
  beforeAll(async () => {
    db = await createTestDatabase('product-hot-queries');
    service = await startServiceProcess({ name: 'product-large', entry: productEntry, env: { ...db.env, LOG_LEVEL: 'warn' }, timeoutMs: 90_000 });
    sql = await connect(db.env);
    const started = Date.now();
    await seedCatalog(sql, PRODUCTS);
    console.log(`seeded ${PRODUCTS} products in ${Date.now() - started} ms`);
    recorder = recordingKysely<ProductDatabase>(db.env.DATABASE_URL);
  }, 300_000);

  afterAll(async () => {
    await recorder?.close();
    await sql?.end();
    await service?.stop();
    await db?.drop();
  });

  it('seeds a deterministic, realistic catalog, which the running service reloads as one change', async () => {
    const { rows } = await sql.query<{ n: number; categories: number; cheapest: number; dearest: number }>(
      `select count(*)::int as n, count(distinct category)::int as categories, min(price_cents) as cheapest, max(price_cents) as dearest from products`,
    );
    expect(rows[0]?.n).toBe(PRODUCTS);
    expect(rows[0]?.categories).toBe(10);
    expect(rows[0]!.cheapest).toBeGreaterThan(0);
    expect(rows[0]!.dearest).toBeLessThan(100_000);
    const sample = await sql.query<{ sku: string }>(`select id, sku, name, category, price_cents, stock from products where id in ('p000031', 'p100000') order by id`);
    expect(sample.rows).toMatchSnapshot();
    await eventually('the cache holding the whole catalog', async () =>
      (await metricValue(service.url, 'shop_catalog_cache_products')) === PRODUCTS ? true : undefined,
    30_000);
    const client = productClient(service.url);
    expect((await client.product.get.query({ id: 'p100000' })).sku).toBe(sample.rows[1]?.sku);
  });

  const hot: Array<[string, ListInput]> = [
    ['the first catalog page', { limit: 20 }],
    ['a category page', { category: 'kitchen', limit: 20 }],
    ['a search for a word', { search: 'walnut', limit: 20 }],
    ['a search for a prefix', { search: 'ergono', limit: 20 }],
    ['a search within a category', { search: 'lamp', category: 'home', limit: 20 }],
    // Ten matches in 100,000: walking the primary key would read it all; the trigram indexes must answer.
    ['a search for a rare sku', { search: 'PET-09999', limit: 20 }],
  ];
  for (const [what, input] of hot) {
    it(`${what} reads no whole table`, async () => {
      const page = await listProducts(recorder.db, input);
      expect(page.items.length).toBeGreaterThan(0);
      const plan = await explain(recorder.db, recorder.last());
      console.log(`${what}: ${plan.text}`);
      expect(sequentialScans(plan.nodes, 'products'), plan.text).toEqual([]);
    });
  }

  it('page 50 through the cursor reads no whole table, in the catalog and in a category', async () => {
    for (const filter of [{}, { category: 'books' }]) {
      let cursor: string | null = null;
      for (let page = 1; page < 50; page++) {
        ({ nextCursor: cursor } = await listProducts(recorder.db, { ...filter, limit: 20, cursor }));
        expect(cursor).not.toBeNull();
      }
      const fiftieth = await listProducts(recorder.db, { ...filter, limit: 20, cursor });
      expect(fiftieth.items).toHaveLength(20);
      const plan = await explain(recorder.db, recorder.last());
      console.log(`page 50 ${JSON.stringify(filter)}: ${plan.text}`);
      expect(sequentialScans(plan.nodes, 'products'), plan.text).toEqual([]);
    }
  });
});
