// A flash sale: many buyers, one product, little stock, every order placed at the same moment. Exactly
// `stock` orders may be confirmed; every other buyer is told CONFLICT (out of stock), nothing else.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createShopClients, type Session } from '@shop/loadgen';
import type { ServiceName } from './paths.js';
import { percentile } from './percentile.js';

export interface FlashSaleOptions {
  urls: Record<ServiceName, string>;
  buyers: number;
  stock: number;
  productId: string;
  /** Sets the product's stock (in the product database) before the sale. */
  setStock: (stock: number) => Promise<void>;
  /** Reads the product's stock from the product database after the sale. */
  readStock: () => Promise<number>;
  log?: (line: string) => void;
}

export interface FlashSaleResult {
  buyers: number;
  stock: number;
  sold: number;
  /** Buyers told the product was sold out (CONFLICT). */
  soldOut: number;
  /** Anything else: a wrong answer in a flash sale. */
  errors: Record<string, number>;
  stockLeft: number;
  durationS: number;
  /** Orders answered (sold or sold out) per second. */
  ordersPerS: number;
  p50Ms: number;
  p99Ms: number;
}

async function registerBuyer(urls: Record<ServiceName, string>, productId: string, i: number): Promise<string> {
  const session: Session = { token: undefined };
  const clients = createShopClients(urls, session, 60_000);
  const { token } = await clients.user.user.register.mutate({
    name: `Flash buyer ${i}`,
    email: `flash-${i}-${randomUUID()}@bench.example`,
    password: `pw-${randomUUID()}`,
  });
  session.token = token;
  await clients.cart.cart.addItem.mutate({ productId, quantity: 1 });
  return token;
}

/** Registers the buyers (a few at a time: registration hashes a password), then opens the sale. */
export async function runFlashSale(options: FlashSaleOptions): Promise<FlashSaleResult> {
  const tokens: string[] = [];
  for (let i = 0; i < options.buyers; i += 8) {
    const batch = Array.from({ length: Math.min(8, options.buyers - i) }, (_, j) => registerBuyer(options.urls, options.productId, i + j));
    tokens.push(...(await Promise.all(batch)));
    if (tokens.length % 200 === 0) options.log?.(`flash sale: ${tokens.length} of ${options.buyers} buyers ready`);
  }
  await options.setStock(options.stock);

  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let sold = 0;
  let soldOut = 0;
  const started = performance.now();
  await Promise.all(
    tokens.map(async (token) => {
      const sent = performance.now();
      const res = await fetch(`${options.urls.order}/trpc/order.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ idempotencyKey: randomUUID() }),
      }).catch((err: unknown) => err as Error);
      if (res instanceof Error) {
        errors[res.message] = (errors[res.message] ?? 0) + 1;
        return;
      }
      const body = (await res.json().catch(() => ({}))) as { result?: { data?: { status?: string } }; error?: { data?: { code?: string } } };
      latencies.push(performance.now() - sent);
      const outcome = body.result?.data?.status ?? body.error?.data?.code ?? `HTTP_${res.status}`;
      if (outcome === 'CONFIRMED') sold++;
      else if (outcome === 'CONFLICT') soldOut++;
      else errors[outcome] = (errors[outcome] ?? 0) + 1;
    }),
  );
  const durationS = (performance.now() - started) / 1000;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    buyers: options.buyers,
    stock: options.stock,
    sold,
    soldOut,
    errors,
    stockLeft: await options.readStock(),
    durationS: round(durationS),
    ordersPerS: round((sold + soldOut) / durationS),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
  };
}
