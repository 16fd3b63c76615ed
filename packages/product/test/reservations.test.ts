import type { ServiceProcess, TestDatabase } from '@shop/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../src/router.js';
import { describeError, errorOf, startProduct, type ProductClient } from './support/product-service.js';

let service: ServiceProcess;
let db: TestDatabase;
let client: ProductClient;
let catalog: Product[];

beforeAll(async () => {
  ({ service, db, client } = await startProduct('product-reservations'));
  catalog = (await client.product.list.query({ limit: 100 })).items;
});

afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

let orderSeq = 0;
const newOrderId = (tag: string) => `order-${tag}-${++orderSeq}`;
const stockOf = async (id: string) => (await client.product.get.query({ id })).stock;

/** shop_stock_reservation_conflicts_total as /metrics shows it now. */
async function conflictsCounted(): Promise<number> {
  const metrics = await (await fetch(`${service.url}/metrics`)).text();
  const line = metrics.split('\n').find((l) => l.startsWith('shop_stock_reservation_conflicts_total'));
  return Number(line?.split(' ').at(-1) ?? Number.NaN);
}

/** A product with at least `min` in stock that no other test in this file has touched. */
const unused = new Set<string>();
function pickProduct(min: number): Product {
  const p = catalog.find((c) => c.stock >= min && !unused.has(c.id));
  if (!p) throw new Error(`no product with stock >= ${min} left`);
  unused.add(p.id);
  return p;
}

/** Brings a product's stock down to `target` with reservations of at most 99 each. */
async function drainTo(productId: string, target: number): Promise<void> {
  let stock = await stockOf(productId);
  while (stock > target) {
    const quantity = Math.min(99, stock - target);
    await client.product.reserve.mutate({ orderId: newOrderId('drain'), items: [{ productId, quantity }] });
    stock -= quantity;
  }
  expect(await stockOf(productId)).toBe(target);
}

describe('product.reserve', () => {
  it('reserves every line with catalog names and prices', async () => {
    const a = pickProduct(10);
    const b = pickProduct(10);
    const orderId = newOrderId('ok');
    const result = await client.product.reserve.mutate({
      orderId,
      items: [
        { productId: b.id, quantity: 2 },
        { productId: a.id, quantity: 3 },
      ],
    });
    // Lines come back in the order asked, priced from the catalog.
    expect(result).toEqual({
      lines: [
        { productId: b.id, name: b.name, quantity: 2, unitPriceCents: b.priceCents },
        { productId: a.id, name: a.name, quantity: 3, unitPriceCents: a.priceCents },
      ],
    });
    expect(await stockOf(a.id)).toBe(a.stock - 3);
    expect(await stockOf(b.id)).toBe(b.stock - 2);
  });

  it('is all or nothing: a short line means CONFLICT naming it, and no line is reserved', async () => {
    const plenty = pickProduct(10);
    const scarce = pickProduct(5);
    await drainTo(scarce.id, 4);
    const err = await errorOf(
      client.product.reserve.mutate({
        orderId: newOrderId('short'),
        items: [
          { productId: plenty.id, quantity: 5 },
          { productId: scarce.id, quantity: 5 },
        ],
      }),
    );
    expect(err.code).toBe('CONFLICT');
    expect(await conflictsCounted()).toBeGreaterThanOrEqual(1);
    expect(err.message).toContain(scarce.id);
    expect(err.message).toContain(scarce.name);
    expect(err.message).not.toContain(plenty.id);
    expect(await stockOf(plenty.id)).toBe(plenty.stock);
    expect(await stockOf(scarce.id)).toBe(4);
    // The failed orderId holds nothing, so it can be tried again once stock allows.
    const retry = await client.product.reserve.mutate({ orderId: newOrderId('short'), items: [{ productId: scarce.id, quantity: 4 }] });
    expect(retry.lines[0]?.quantity).toBe(4);
    expect(await stockOf(scarce.id)).toBe(0);
  });

  it('answers NOT_FOUND for an unknown product and reserves nothing', async () => {
    const p = pickProduct(10);
    const err = await errorOf(
      client.product.reserve.mutate({ orderId: newOrderId('ghost'), items: [{ productId: p.id, quantity: 1 }, { productId: 'ghost', quantity: 1 }] }),
    );
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain('ghost');
    expect(await stockOf(p.id)).toBe(p.stock);
  });

  it('rejects bad lines: no items, zero, fractional or huge quantities, duplicate products', async () => {
    const p = pickProduct(10);
    const bad = [
      [],
      [{ productId: p.id, quantity: 0 }],
      [{ productId: p.id, quantity: 1.5 }],
      [{ productId: p.id, quantity: 100 }],
      [{ productId: p.id, quantity: -1 }],
      [
        { productId: p.id, quantity: 1 },
        { productId: p.id, quantity: 1 },
      ],
      Array.from({ length: 101 }, (_, i) => ({ productId: `x${i}`, quantity: 1 })),
    ];
    for (const items of bad) {
      expect((await errorOf(client.product.reserve.mutate({ orderId: newOrderId('bad'), items }))).code).toBe('BAD_REQUEST');
    }
    expect(await stockOf(p.id)).toBe(p.stock);
  });

  it('lets exactly the stock through when 50 orders race for a product with 10 left', async () => {
    const p = pickProduct(10);
    await drainTo(p.id, 10);
    const conflictsBefore = await conflictsCounted();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => client.product.reserve.mutate({ orderId: newOrderId('race'), items: [{ productId: p.id, quantity: 1 }] })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(await conflictsCounted()).toBe(conflictsBefore + 40);
    expect(won).toHaveLength(10);
    for (const r of results) {
      if (r.status === 'rejected') expect(describeError(r.reason).code).toBe('CONFLICT');
    }
    expect(await stockOf(p.id)).toBe(0);
  });

  it('reserves once for a replayed orderId, sequentially and 20 times at once, with identical lines', async () => {
    const p = pickProduct(10);
    const q = pickProduct(10);
    const orderId = newOrderId('replay');
    const input = {
      orderId,
      items: [
        { productId: p.id, quantity: 2 },
        { productId: q.id, quantity: 1 },
      ],
    };
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => client.product.reserve.mutate(input)));
    const sequential = [await client.product.reserve.mutate(input), await client.product.reserve.mutate(input)];
    for (const r of [...concurrent, ...sequential]) expect(r).toEqual(concurrent[0]);
    expect(concurrent[0]?.lines.map((l) => [l.productId, l.quantity])).toEqual([
      [p.id, 2],
      [q.id, 1],
    ]);
    expect(await stockOf(p.id)).toBe(p.stock - 2);
    expect(await stockOf(q.id)).toBe(q.stock - 1);
  });

  it('after a restart (a response lost in a crash) the replay still returns the stored lines', async () => {
    const p = pickProduct(10);
    const input = { orderId: newOrderId('crash'), items: [{ productId: p.id, quantity: 3 }] };
    const first = await client.product.reserve.mutate(input);
    await service.kill();
    ({ service, client } = await startProduct('product-reservations', db));
    expect(await client.product.reserve.mutate(input)).toEqual(first);
    expect(await stockOf(p.id)).toBe(p.stock - 3);
  }, 180_000);
});

describe('product.release', () => {
  it('gives back exactly what the order reserved, once, even when released concurrently', async () => {
    const p = pickProduct(10);
    const q = pickProduct(10);
    const orderId = newOrderId('release');
    await client.product.reserve.mutate({ orderId, items: [{ productId: p.id, quantity: 4 }, { productId: q.id, quantity: 2 }] });
    const results = await Promise.all(Array.from({ length: 10 }, () => client.product.release.mutate({ orderId })));
    expect(results.filter((r) => r.released)).toHaveLength(1);
    expect(await client.product.release.mutate({ orderId })).toEqual({ released: false });
    expect(await stockOf(p.id)).toBe(p.stock);
    expect(await stockOf(q.id)).toBe(q.stock);
  });

  it('a reserve replayed after its release reserves nothing', async () => {
    const p = pickProduct(10);
    const input = { orderId: newOrderId('released'), items: [{ productId: p.id, quantity: 1 }] };
    await client.product.reserve.mutate(input);
    expect(await client.product.release.mutate({ orderId: input.orderId })).toEqual({ released: true });
    expect((await errorOf(client.product.reserve.mutate(input))).code).toBe('CONFLICT');
    expect(await stockOf(p.id)).toBe(p.stock);
  });

  it('a release that arrives before its reserve leaves a tombstone: the late reserve reserves nothing', async () => {
    const p = pickProduct(10);
    const orderId = newOrderId('tombstone');
    expect(await client.product.release.mutate({ orderId })).toEqual({ released: false });
    const err = await errorOf(client.product.reserve.mutate({ orderId, items: [{ productId: p.id, quantity: 1 }] }));
    expect(err.code).toBe('CONFLICT');
    expect(await stockOf(p.id)).toBe(p.stock);
    expect(await client.product.release.mutate({ orderId })).toEqual({ released: false });
  });

  it('a release racing its reserve never leaks stock: either the reserve came first and is undone, or it is refused', async () => {
    const p = pickProduct(50);
    for (let i = 0; i < 10; i++) {
      const orderId = newOrderId('race-release');
      const [reserve, release] = await Promise.allSettled([
        client.product.reserve.mutate({ orderId, items: [{ productId: p.id, quantity: 1 }] }),
        client.product.release.mutate({ orderId }),
      ]);
      expect(release.status).toBe('fulfilled');
      const released = release.status === 'fulfilled' && release.value.released;
      if (reserve.status === 'fulfilled') expect(released).toBe(true);
      else expect(describeError(reserve.reason).code).toBe('CONFLICT');
    }
    expect(await stockOf(p.id)).toBe(p.stock);
  });
});
