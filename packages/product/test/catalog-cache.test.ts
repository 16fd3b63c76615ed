// Two real product-service processes on one real PostgreSQL: the in-process catalog caches stay
// current through LISTEN/NOTIFY, within a bound, and recover from a lost listener connection.
import { createTestDatabase, startServiceProcess, type ServiceProcess, type TestDatabase } from '@shop/kit/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productClient, productEntry, type ProductClient } from './support/product-service.js';
import { connect, eventually, histogramShare, metricValue, servedStock } from './support/replicas.js';
import { commitStockDecrement, measureStaleness } from './support/staleness.js';

const postgres = Boolean(process.env.DATABASE_URL);
const BOUND_MS = 50;

let a: ServiceProcess;
let b: ServiceProcess;
let db: TestDatabase;
let clients: ProductClient[];
let sql: pg.Client;

/** Every replica's answer for `id`, once they all agree on `stock`. */
const allServe = (id: string, stock: number, timeoutMs = 10_000) =>
  eventually(
    `every replica serving ${id} at stock ${stock}`,
    async () => {
      const served = await Promise.all([a, b].map((r) => servedStock(r.url, id)));
      return served.every((s) => s === stock) ? served : undefined;
    },
    timeoutMs,
  );

const dbStock = async (id: string) => (await sql.query<{ stock: number }>('select stock from products where id = $1', [id])).rows[0]?.stock;

describe.skipIf(!postgres)('catalog cache across two replicas', () => {
  beforeAll(async () => {
    db = await createTestDatabase('product-replicas');
    // Warnings only: a request log line per poll would be most of what the replicas do.
    const replica = (name: string) => startServiceProcess({ name, entry: productEntry, env: { ...db.env, LOG_LEVEL: 'warn' }, timeoutMs: 90_000 });
    a = await replica('product-replica-a');
    b = await replica('product-replica-b');
    clients = [productClient(a.url), productClient(b.url)];
    sql = await connect(db.env);
  }, 200_000);

  afterAll(async () => {
    await sql?.end();
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('is loaded and live before the replica reports ready', async () => {
    for (const r of [a, b]) {
      expect(await metricValue(r.url, 'shop_catalog_cache_live')).toBe(1);
      expect(await metricValue(r.url, 'shop_catalog_cache_products')).toBe(30);
    }
  });

  // Timed on two shared cores: a run that lands beside another package's heavy test gets up to two more tries
  // (the bound itself is not relaxed; `pnpm bench` reports the figure from a quiet run).
  it('serves every committed stock change on both replicas within 50 ms at p99, never older after the bound', { retry: 2, timeout: 120_000 }, async () => {
    const id = 'p009';
    const before = await dbStock(id);
    // Another writer's SQL, so the commit's moment is known (reserves are covered by the tests below).
    const run = await measureStaleness({
      replicas: [a.url, b.url],
      productId: id,
      changes: 300,
      boundMs: BOUND_MS,
      change: () => commitStockDecrement(sql, id),
    });
    console.log(`staleness over ${run.changes} changes, 2 replicas: p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, max ${run.maxMs} ms ` +
      `(from the row's write, commit included: p50 ${run.fromWrite.p50Ms}, p99 ${run.fromWrite.p99Ms}, max ${run.fromWrite.maxMs}); ` +
      `${run.observations} answers, ${run.staleAfterBound} older than the bound allows, ${run.regressions} regressions; ` +
      `applied within 5 ms of the write: ${(await Promise.all([a, b].map((r) => histogramShare(r.url, 'shop_catalog_cache_lag_seconds', '0.005')))).map((s) => `${(s * 100).toFixed(1)} %`).join(', ')}`);
    expect(run.lagsMs).toHaveLength(300);
    expect(run.p99Ms).toBeLessThanOrEqual(BOUND_MS);
    // Never back to an older value than one already served; answers older than the bound allows are
    // held to the same 1 % as the p99 (a replica's process can wait for a core like any other).
    expect(run.regressions).toBe(0);
    expect(run.staleAfterBound).toBeLessThanOrEqual(Math.floor(run.observations / 100));
    expect(await dbStock(id)).toBe((before ?? 0) - 300);
  });

  it('a replica serves its own reserve and release at once (read-your-writes)', async () => {
    // Each replica its own product: the other replica's writes would arrive by NOTIFY, a few ms later.
    for (const [r, id] of [[0, 'p008'], [1, 'p007']] as const) {
      const client = clients[r]!;
      for (let i = 0; i < 10; i++) {
        const before = (await client.product.get.query({ id })).stock;
        await client.product.reserve.mutate({ orderId: `ryw-${id}-${i}`, items: [{ productId: id, quantity: 2 }] });
        expect((await client.product.get.query({ id })).stock).toBe(before - 2);
        await client.product.release.mutate({ orderId: `ryw-${id}-${i}` });
        expect((await client.product.get.query({ id })).stock).toBe(before);
      }
    }
  });

  it('ends at the database state after concurrent reserves and releases on both replicas', async () => {
    const ids = ['p001', 'p002', 'p003'];
    const calls = Array.from({ length: 40 }, (_, i) => {
      const client = clients[i % 2]!;
      const orderId = `burst-${i}`;
      return client.product.reserve
        .mutate({ orderId, items: ids.slice(0, 1 + (i % 3)).map((productId) => ({ productId, quantity: 1 })) })
        .then(() => (i % 4 === 0 ? client.product.release.mutate({ orderId }) : undefined))
        .catch(() => undefined); // short stock is fine: the database decides
    });
    await Promise.all(calls);
    for (const id of ids) await allServe(id, (await dbStock(id)) as number, 2_000);
    const many = await Promise.all(clients.map((c) => c.product.getMany.query({ ids })));
    expect(many[0]).toEqual(many[1]);
  });

  it('applies inserts, price changes and deletes, and a bulk load announced as one reload', async () => {
    await sql.query(
      `insert into products (id, sku, name, description, category, price_cents, stock) values ('zz1', 'ZZ-1', 'Cache Probe', 'A product only this test knows.', 'toys', 100, 7)`,
    );
    await allServe('zz1', 7, 2_000);
    await sql.query(`update products set price_cents = 250 where id = 'zz1'`);
    await eventually('the new price on both', async () => {
      const got = await Promise.all(clients.map((c) => c.product.get.query({ id: 'zz1' })));
      return got.every((p) => p.priceCents === 250) ? true : undefined;
    });
    await sql.query(`delete from products where id = 'zz1'`);
    await eventually('zz1 gone on both', async () => {
      const got = await Promise.all(clients.map((c) => c.product.getMany.query({ ids: ['zz1', 'p001'] })));
      return got.every((list) => list.map((p) => p.id).join() === 'p001') ? true : undefined;
    });

    const reloads = await Promise.all([a, b].map((r) => metricValue(r.url, 'shop_catalog_cache_reloads_total')));
    await sql.query('begin');
    await sql.query(`set local shop.catalog_bulk = 'on'`);
    await sql.query(
      `insert into products (id, sku, name, description, category, price_cents, stock)
       select 'bulk' || g, 'BULK-' || g, 'Bulk ' || g, 'Loaded in bulk.', 'toys', 100, g from generate_series(1, 500) g`,
    );
    await sql.query(`select pg_notify('catalog_changes', '{"n":0,"op":"reload"}')`);
    await sql.query('commit');
    await allServe('bulk500', 500, 5_000);
    for (const [i, r] of [a, b].entries()) {
      expect(await metricValue(r.url, 'shop_catalog_cache_reloads_total')).toBe((reloads[i] as number) + 1);
      expect(await metricValue(r.url, 'shop_catalog_cache_products')).toBe(530);
    }
  });

  it('reloads after its listener connection is killed, serving the database meanwhile, and stays correct', async () => {
    const id = 'p010';
    const before = await Promise.all([a, b].map((r) => metricValue(r.url, 'shop_catalog_cache_reloads_total')));
    const listeners = () =>
      sql.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and application_name = 'product-catalog-listener'`);
    const old = (await listeners()).rows.map((r) => r.pid);
    expect(old).toHaveLength(2);

    const killed = await sql.query<{ ok: boolean }>('select pg_terminate_backend(pid) as ok from pg_stat_activity where pid = any($1)', [old]);
    expect(killed.rows.every((r) => r.ok)).toBe(true);
    // Committed while nobody listens: its notification reaches no one, so only the reload can bring it.
    await sql.query('update products set stock = 3 where id = $1', [id]);
    await allServe(id, 3, 5_000);

    await eventually('both listeners back, caches live and reloaded', async () => {
      const fresh = (await listeners()).rows.map((r) => r.pid);
      if (fresh.length !== 2 || fresh.some((pid) => old.includes(pid))) return undefined;
      const live = await Promise.all([a, b].map((r) => metricValue(r.url, 'shop_catalog_cache_live')));
      const reloads = await Promise.all([a, b].map((r) => metricValue(r.url, 'shop_catalog_cache_reloads_total')));
      return live.every((l) => l === 1) && reloads.every((n, i) => n > (before[i] as number)) ? true : undefined;
    });
    // From the reloaded cache now, and notifications flow again.
    expect(await Promise.all([a, b].map((r) => servedStock(r.url, id)))).toEqual([3, 3]);
    await sql.query('update products set stock = 2 where id = $1', [id]);
    await allServe(id, 2, 1_000);
    const reserve = await clients[1]!.product.reserve.mutate({ orderId: 'after-kill', items: [{ productId: id, quantity: 2 }] });
    expect(reserve.lines[0]?.quantity).toBe(2);
    await allServe(id, 0, 1_000);
    await eventually('the loss logged', () => Promise.resolve(/catalog listener lost/.test(a.output()) ? true : undefined));
  });
});
