import type { ServiceProcess, TestDatabase } from '@shop/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../src/router.js';
import { errorOf, startProduct, type ProductClient } from './support/product-service.js';

let service: ServiceProcess;
let db: TestDatabase;
let client: ProductClient;

beforeAll(async () => {
  ({ service, db, client } = await startProduct('product-catalog'));
});

afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

/** Every page of a listing, following nextCursor to the end. */
async function listAll(c: ProductClient, filter: { category?: string; search?: string }, limit: number): Promise<Product[]> {
  const items: Product[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await c.product.list.query({ ...filter, limit, ...(cursor ? { cursor } : {}) });
    expect(result.items.length).toBeLessThanOrEqual(limit);
    items.push(...result.items);
    if (!result.nextCursor) return items;
    cursor = result.nextCursor;
  }
  throw new Error('pagination did not end');
}

describe('product catalog', () => {
  it('pages through the whole seeded catalog without duplicates or gaps', async () => {
    const all = await listAll(client, {}, 7);
    const ids = all.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(24);
    expect(ids).toEqual([...ids].sort());
    const oneBigPage = await client.product.list.query({ limit: 100 });
    expect(oneBigPage.items.map((p) => p.id)).toEqual(ids);
    expect(oneBigPage.nextCursor).toBeNull();
    for (const p of all) {
      expect(Object.keys(p).sort()).toEqual(['category', 'currency', 'description', 'id', 'name', 'priceCents', 'sku', 'stock']);
      expect(p.currency).toBe('USD');
      expect([p.id, p.sku, p.name, p.description, p.category].every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
      expect(Number.isInteger(p.stock) && p.stock >= 0).toBe(true);
      expect(Number.isInteger(p.priceCents) && p.priceCents > 0).toBe(true);
    }
  });

  it('defaults to 20 items and rejects a limit above 100', async () => {
    const page = await client.product.list.query();
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).toEqual(expect.any(String));
    expect((await errorOf(client.product.list.query({ limit: 101 }))).code).toBe('BAD_REQUEST');
  });

  it('filters by category; the categories partition the catalog', async () => {
    const all = await listAll(client, {}, 100);
    const categories = [...new Set(all.map((p) => p.category))];
    expect(categories.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    for (const category of categories) {
      const items = await listAll(client, { category }, 4);
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((p) => p.category === category)).toBe(true);
      seen.push(...items.map((p) => p.id));
    }
    expect(seen.sort()).toEqual(all.map((p) => p.id).sort());
    expect((await client.product.list.query({ category: 'no-such-category' })).items).toEqual([]);
  });

  it('searches case-insensitively, treating % and _ literally', async () => {
    const upper = await listAll(client, { search: 'KEYBOARD' }, 5);
    expect(upper.map((p) => p.name)).toContain('Mechanical Keyboard');
    const lower = await listAll(client, { search: 'keyboard' }, 5);
    expect(lower).toEqual(upper);
    const bottles = await listAll(client, { search: 'bottle', category: 'outdoor' }, 1);
    expect(bottles.map((p) => p.name)).toEqual(['Insulated Water Bottle']);
    expect((await client.product.list.query({ search: '%' })).items).toEqual([]);
    expect((await client.product.list.query({ search: '_' })).items).toEqual([]);
  });

  it('paginates a search across pages with the same results as one page', async () => {
    const paged = await listAll(client, { search: 'e' }, 3);
    const single = await client.product.list.query({ search: 'e', limit: 100 });
    expect(paged).toEqual(single.items);
    expect(paged.length).toBeGreaterThan(3);
  });

  it('rejects a cursor it did not issue with BAD_REQUEST', async () => {
    for (const cursor of ['not-a-cursor', '!!!', 'djE6', Buffer.from('v2:p001').toString('base64url'), '']) {
      const err = await errorOf(client.product.list.query({ cursor }));
      expect(err.code, cursor).toBe('BAD_REQUEST');
    }
  });

  it('gets one product and NOT_FOUND for an unknown id', async () => {
    const first = (await client.product.list.query({ limit: 1 })).items[0]!;
    expect(await client.product.get.query({ id: first.id })).toEqual(first);
    const err = await errorOf(client.product.get.query({ id: 'no-such-product' }));
    expect(err.code).toBe('NOT_FOUND');
  });

  it('getMany returns the known products for many ids and skips unknown ones', async () => {
    const all = (await client.product.list.query({ limit: 100 })).items;
    const wanted = [all[3]!.id, 'ghost-1', all[0]!.id, all[3]!.id, 'ghost-2'];
    const found = await client.product.getMany.query({ ids: wanted });
    expect(found.map((p) => p.id).sort()).toEqual([all[0]!.id, all[3]!.id].sort());
    expect(found.find((p) => p.id === all[0]!.id)).toEqual(all[0]);
    expect(await client.product.getMany.query({ ids: [] })).toEqual([]);
    const tooMany = Array.from({ length: 101 }, (_, i) => `p${i}`);
    expect((await errorOf(client.product.getMany.query({ ids: tooMany }))).code).toBe('BAD_REQUEST');
  });

  it('keeps the same catalog when restarted on the same database (seeding is idempotent)', async () => {
    const before = (await client.product.list.query({ limit: 100 })).items;
    await service.stop();
    ({ service, client } = await startProduct('product-catalog', db));
    const after = (await client.product.list.query({ limit: 100 })).items;
    expect(after).toEqual(before);
    expect(after.length).toBeGreaterThanOrEqual(24);
  }, 180_000);
});
