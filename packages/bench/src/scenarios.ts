import { randomUUID } from 'node:crypto';
import type autocannon from 'autocannon';
import type { Fixtures } from './fixtures.js';
import type { LoadSpec } from './load.js';
import type { ServiceName } from './paths.js';
import { zipfPicker } from './zipf.js';

export type Origins = Record<ServiceName | 'baseline', string>;

export interface Scenario {
  name: string;
  /** The process whose origin is loaded. */
  target: ServiceName | 'baseline';
  connections: number;
  /** Least acceptable requests/s as a fraction of the baseline's (the targets). */
  minRatio?: number;
  note: string;
  spec(origins: Origins, fixtures: Fixtures, connections: number): LoadSpec;
}

/** Concurrency of the read scenarios (and the baseline they are compared with). */
export const CONNECTIONS = 16;
/** Concurrency of order.create, and shoppers per connection in its pool. */
export const ORDER_CONNECTIONS = 8;
// Busy at once: an order per connection and a refill per finished order; and the warm-up's orders in
// flight when it stops never come back. The rest wait ready.
export const ORDER_SHOPPERS = ORDER_CONNECTIONS * 4;

const query = (procedure: string, input: unknown) => `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A request whose tRPC body must carry `result.data`; anything else is a bad body. */
function expectData(body: string): unknown {
  try {
    return (JSON.parse(body) as { result?: { data?: unknown } }).result?.data;
  } catch {
    return undefined;
  }
}

function single(origin: string, connections: number, request: autocannon.Request): LoadSpec {
  return { url: origin, connections, measureAll: true, requests: () => [request] };
}

/**
 * order.create is the whole saga (PENDING, reserve stock, CONFIRMED, clear the cart) and empties the
 * cart. Each request borrows a shopper whose cart holds one item and a fresh idempotency key; after the
 * answer the shopper's cart is refilled off the clock (cart.addItem from this process, keep-alive) and
 * the shopper goes back to the pool, which holds enough shoppers that one is always ready.
 * Anything but a CONFIRMED order is an error, and so is a failed refill.
 */
function checkoutLoop(cartOrigin: string, orderOrigin: string, connections: number, fixtures: Fixtures): LoadSpec {
  const free = [...fixtures.orderTokens];
  const refills = new Set<Promise<void>>();
  const refillErrors: Record<string, number> = {};
  // Shoppers favour a few products, as they do: a Zipf popularity over the catalog, the same every run.
  const popular = zipfPicker(fixtures.orderProductIds.length);

  const refill = (token: string) => {
    const productId = fixtures.orderProductIds[popular()];
    const done = fetch(`${cartOrigin}/trpc/cart.addItem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify({ productId, quantity: 1 }),
    })
      .then(async (res) => {
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`HTTP_${res.status}`);
        free.push(token);
      })
      .catch((err: unknown) => {
        const code = `refill ${(err as Error).message}`;
        refillErrors[code] = (refillErrors[code] ?? 0) + 1;
      })
      .finally(() => refills.delete(done));
    refills.add(done);
  };

  interface Ctx {
    token?: string;
  }
  return {
    url: orderOrigin,
    connections,
    measureAll: true,
    requests: (recorder) => [
      {
        method: 'POST',
        path: '/trpc/order.create',
        setupRequest: (req, context) => {
          const ctx = context as Ctx;
          // An empty pool would be a bench bug; the 401 it causes shows up as errors.
          ctx.token = free.shift() ?? 'no-shopper-ready';
          return {
            ...req,
            headers: { 'content-type': 'application/json', ...bearer(ctx.token) },
            body: JSON.stringify({ idempotencyKey: randomUUID() }),
          };
        },
        onResponse: (status, body, context) => {
          const ctx = context as Ctx;
          const order = expectData(body) as { status?: string } | undefined;
          recorder.flag(status < 300 && order?.status !== 'CONFIRMED' ? `order ${order?.status ?? 'unreadable'}` : undefined);
          if (ctx.token && ctx.token !== 'no-shopper-ready') refill(ctx.token);
          ctx.token = undefined;
        },
      },
    ],
    takeExtraErrors: () => {
      const taken = { ...refillErrors };
      for (const code of Object.keys(refillErrors)) delete refillErrors[code];
      return taken;
    },
    settle: async () => {
      await Promise.all([...refills]);
    },
  };
}

/** The benchmark: the baseline first, then one scenario per procedure named in the issue. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'baseline',
    target: 'baseline',
    connections: CONNECTIONS,
    note: 'bare node:http, fixed JSON body',
    spec: (o, _f, c) => single(o.baseline, c, { method: 'GET', path: '/' }),
  },
  {
    name: 'product.get',
    target: 'product',
    connections: CONNECTIONS,
    minRatio: 0.35,
    note: 'one product by id',
    spec: (o, f, c) => single(o.product, c, { method: 'GET', path: query('product.get', { id: f.productId }) }),
  },
  {
    name: 'product.list',
    target: 'product',
    connections: CONNECTIONS,
    note: 'first page, 20 products',
    spec: (o, _f, c) => single(o.product, c, { method: 'GET', path: query('product.list', { limit: 20 }) }),
  },
  {
    name: 'cart.get',
    target: 'cart',
    connections: CONNECTIONS,
    minRatio: 0.15,
    note: '3 items: token check + one product.getMany',
    spec: (o, f, c) => single(o.cart, c, { method: 'GET', path: '/trpc/cart.get', headers: bearer(f.cartToken) }),
  },
  {
    name: 'order.create',
    target: 'order',
    connections: ORDER_CONNECTIONS,
    minRatio: 0.03,
    note: 'whole saga, fresh idempotency key, 1 item, Zipf-popular product',
    spec: (o, f, c) => checkoutLoop(o.cart, o.order, c, f),
  },
];
