// The hot queries of issue 11 at two catalog sizes: measured on the 30-product seed, then again after
// `--seed large` (100,000 products, 1,000,000 orders over 10,000 users), and compared.
import { seedOrders } from '@shop/order/seed';
import { seedCatalog } from '@shop/product/seed';
import pg from 'pg';
import type { LoadSpec } from './load.js';
import type { Origins } from './scenarios.js';

export const LARGE = { products: 100_000, orders: 1_000_000, users: 10_000 } as const;

export interface HotQuery {
  name: string;
  note: string;
  spec(origins: Origins, connections: number): LoadSpec;
}

const path = (procedure: string, input: unknown) => `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;

interface ListPage {
  result?: { data?: { nextCursor?: string | null } };
}

/** The cursor of page `page` of the catalog (or of its last page, when it has fewer). */
export async function cursorOfPage(productOrigin: string, page: number): Promise<{ cursor: string; page: number }> {
  let cursor: string | undefined;
  let reached = 1;
  for (; reached < page; reached++) {
    const res = await fetch(`${productOrigin}${path('product.list', { limit: 20, ...(cursor ? { cursor } : {}) })}`);
    const next = ((await res.json()) as ListPage).result?.data?.nextCursor;
    if (!next) break;
    cursor = next;
  }
  if (!cursor) throw new Error('the catalog has a single page: no cursor to follow');
  return { cursor, page: reached };
}

/**
 * The six hot queries. Words and the category exist in both catalogs; `cursor` is page 50's (on 30
 * products, page 2's: the deepest there is), and `heavyToken` a shopper with 1,000 orders.
 */
export function hotQueries(cursor: { cursor: string; page: number }, heavyToken: string): HotQuery[] {
  const get = (origin: string, connections: number, p: string, headers?: Record<string, string>): LoadSpec => ({
    url: origin,
    connections,
    measureAll: true,
    requests: () => [{ method: 'GET', path: p, ...(headers ? { headers } : {}) }],
  });
  return [
    { name: 'first catalog page', note: 'product.list, 20', spec: (o, c) => get(o.product, c, path('product.list', { limit: 20 })) },
    { name: 'category page', note: "category 'kitchen'", spec: (o, c) => get(o.product, c, path('product.list', { category: 'kitchen', limit: 20 })) },
    { name: 'search: word', note: "'bottle'", spec: (o, c) => get(o.product, c, path('product.list', { search: 'bottle', limit: 20 })) },
    { name: 'search: prefix', note: "'bamb'", spec: (o, c) => get(o.product, c, path('product.list', { search: 'bamb', limit: 20 })) },
    {
      name: 'page 50 through the cursor',
      note: `page ${cursor.page} here`,
      spec: (o, c) => get(o.product, c, path('product.list', { limit: 20, cursor: cursor.cursor })),
    },
    {
      name: 'order.list, 1,000 orders',
      note: 'first page of a heavy shopper',
      spec: (o, c) => get(o.order, c, path('order.list', { limit: 20 }), { authorization: `Bearer ${heavyToken}` }),
    },
  ];
}

async function withClient(url: string, run: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

/** The heavy shopper's 1,000 orders alone: what order.list is measured on at the small size. */
export function seedHeavyShopper(orderDbUrl: string, userId: string): Promise<void> {
  return withClient(orderDbUrl, (c) => seedOrders(c, { orders: 1_000, users: 1, heavyUsers: [userId] }));
}

/** The large seed: the catalog to 100,000 products, the order history to 1,000,000 orders. */
export async function seedLarge(urls: { product: string; order: string }, heavyUserId: string, log: (line: string) => void): Promise<void> {
  let started = performance.now();
  await withClient(urls.product, (c) => seedCatalog(c, LARGE.products));
  log(`seeded ${LARGE.products} products in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  await withClient(urls.order, (c) => seedOrders(c, { orders: LARGE.orders, users: LARGE.users, heavyUsers: [heavyUserId] }));
  log(`seeded ${LARGE.orders} orders over ${LARGE.users} users in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** The `sub` claim of a JWT we were just issued (the user id); its signature is the services' business. */
export function subjectOf(token: string): string {
  const payload = token.split('.')[1] ?? '';
  const sub = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown }).sub;
  if (typeof sub !== 'string') throw new Error('token without a sub claim');
  return sub;
}
