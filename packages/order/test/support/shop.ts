// The whole shop as real processes (product, user, cart, order from their src/main.ts), each on a fresh
// database of its own, called over real HTTP. One shop per test file.
import { randomUUID } from 'node:crypto';
import type { CartRouter } from '@shop/cart/router';
import { SERVICE_NAMES, type ServiceName } from '@shop/kit/services';
import { createTestDatabase, freePort, startServiceProcess, type ServiceProcess, type TestDatabase } from '@shop/kit/testing';
import type { ProductRouter } from '@shop/product/router';
import type { UserRouter } from '@shop/user/router';
import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import { expect } from 'vitest';
import type { OrderRouter } from '../../src/router.js';

export const SERVICES = SERVICE_NAMES;
export type { ServiceName };

const entry = (service: ServiceName) => new URL(`../../../${service}/src/main.ts`, import.meta.url).pathname;

/** Typed clients for every service, sending `token` when given. */
export interface Clients {
  product: TRPCClient<ProductRouter>;
  user: TRPCClient<UserRouter>;
  cart: TRPCClient<CartRouter>;
  order: TRPCClient<OrderRouter>;
}

export interface Shopper {
  id: string;
  email: string;
  password: string;
  token: string;
  api: Clients;
}

export interface ShopOptions {
  /** Extra environment per service (e.g. the order service's recovery timings). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

export interface Shop {
  url(service: ServiceName): string;
  /** The environment naming a service's database (DATABASE_URL or DATA_DIR). */
  databaseEnv(service: ServiceName): Record<string, string>;
  clients(token?: string): Clients;
  /** Registers a new user and returns a client set carrying their token. */
  register(label?: string): Promise<Shopper>;
  /** Stops a service gracefully (SIGTERM) or kills it (SIGKILL). */
  stop(service: ServiceName, how?: 'stop' | 'kill'): Promise<void>;
  /** Starts a stopped service again on the same port and database, with `env` replacing its extra environment. */
  restart(service: ServiceName, env?: Record<string, string>): Promise<void>;
  /** Resolves when the service process exits by itself. */
  exited(service: ServiceName): Promise<number | null>;
  /** True while the service's process is alive. */
  alive(service: ServiceName): boolean;
  /** The name of each service's database (on the test server). */
  databases(): string[];
  /** Every line every process wrote, including processes since restarted. */
  logs(): string;
  close(): Promise<void>;
}

export async function startShop(label: string, options: ShopOptions = {}): Promise<Shop> {
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()] as const))) as Record<ServiceName, number>;
  const url = (s: ServiceName) => `http://127.0.0.1:${ports[s]}`;
  const dbs = Object.fromEntries(
    await Promise.all(SERVICES.map(async (s) => [s, await createTestDatabase(`${label}_${s}`)] as const)),
  ) as Record<ServiceName, TestDatabase>;
  const extraEnv: Record<ServiceName, Record<string, string>> = {
    product: {},
    // The cheapest scrypt cost the user service accepts: a hundred registrations must stay quick.
    user: { PASSWORD_SCRYPT_LOG_N: '14' },
    cart: { PRODUCT_SERVICE_URL: url('product'), USER_SERVICE_URL: url('user') },
    order: { PRODUCT_SERVICE_URL: url('product'), USER_SERVICE_URL: url('user'), CART_SERVICE_URL: url('cart') },
  };
  for (const s of SERVICES) Object.assign(extraEnv[s], options.env?.[s]);

  const processes = new Map<ServiceName, ServiceProcess>();
  const pastOutput: string[] = [];
  const launch = async (s: ServiceName, env: Record<string, string>) => {
    const proc = await startServiceProcess({
      name: `${label}-${s}`,
      entry: entry(s),
      port: ports[s],
      env: { ...dbs[s].env, ...env },
      // Four services starting at once on two busy cores can take a while.
      timeoutMs: 240_000,
    });
    processes.set(s, proc);
  };
  const running = (s: ServiceName) => {
    const proc = processes.get(s);
    if (!proc) throw new Error(`${s} is not running`);
    return proc;
  };

  const clients = (token?: string): Clients => {
    const headers = () => (token ? { authorization: `Bearer ${token}` } : {});
    return {
      product: createTRPCClient<ProductRouter>({ links: [httpLink({ url: `${url('product')}/trpc`, headers })] }),
      user: createTRPCClient<UserRouter>({ links: [httpLink({ url: `${url('user')}/trpc`, headers })] }),
      cart: createTRPCClient<CartRouter>({ links: [httpLink({ url: `${url('cart')}/trpc`, headers })] }),
      order: createTRPCClient<OrderRouter>({ links: [httpLink({ url: `${url('order')}/trpc`, headers })] }),
    };
  };
  const anonymous = clients();

  try {
    await Promise.all(SERVICES.map((s) => launch(s, extraEnv[s])));
  } catch (err) {
    await Promise.all([...processes.values()].map((p) => p.kill()));
    await Promise.all(SERVICES.map((s) => dbs[s].drop()));
    throw err;
  }

  return {
    url,
    databaseEnv: (s) => dbs[s].env,
    clients,
    async register(name = 'shopper') {
      const email = `${name}-${randomUUID().slice(0, 8)}@example.com`;
      const password = `pw-${randomUUID()}`;
      const { user, token } = await anonymous.user.user.register.mutate({ name, email, password });
      return { id: user.id, email, password, token, api: clients(token) };
    },
    async stop(s, how = 'stop') {
      const proc = running(s);
      await (how === 'kill' ? proc.kill() : proc.stop());
      pastOutput.push(proc.output());
      processes.delete(s);
    },
    async restart(s, env) {
      if (processes.has(s)) throw new Error(`${s} is still running`);
      await launch(s, { ...extraEnv[s], ...env });
    },
    async exited(s) {
      const proc = running(s);
      const code = await proc.exited;
      pastOutput.push(proc.output());
      processes.delete(s);
      return code;
    },
    alive: (s) => {
      const child = processes.get(s)?.child;
      return Boolean(child && child.exitCode === null && child.signalCode === null);
    },
    databases: () => SERVICES.map((s) => new URL(dbs[s].url).pathname.slice(1)),
    logs: () => [...pastOutput, ...[...processes.values()].map((p) => p.output())].join('\n'),
    async close() {
      await Promise.all([...processes.values()].map((p) => p.stop()));
      await Promise.all(SERVICES.map((s) => dbs[s].drop()));
    },
  };
}

/** The tRPC error code a rejected call carried (undefined when no tRPC error body came back). */
export async function errorCode(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
  } catch (err) {
    expect(err).toBeInstanceOf(TRPCClientError);
    return (err as TRPCClientError<OrderRouter>).data?.code;
  }
  throw new Error('expected the call to fail');
}

/** Takes stock away with a reservation of its own, so a product ends up with exactly `target` in stock. */
export async function setStock(shop: Shop, productId: string, target: number): Promise<void> {
  const api = shop.clients();
  const { stock } = await api.product.product.get.query({ id: productId });
  if (stock < target) throw new Error(`${productId} has only ${stock}`);
  let left = stock - target;
  while (left > 0) {
    const quantity = Math.min(99, left);
    await api.product.product.reserve.mutate({ orderId: `test-hold-${randomUUID()}`, items: [{ productId, quantity }] });
    left -= quantity;
  }
  expect((await api.product.product.get.query({ id: productId })).stock).toBe(target);
}

/** Polls `read` until `done` holds (or fails the test after `timeoutMs`). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await task(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Starting or stopping a whole shop: four processes on two busy cores. */
export const SHOP_HOOK_TIMEOUT_MS = 300_000;
/** One flow test: several services restarted, or a hundred buyers, on two busy cores. */
export const SHOP_TEST_TIMEOUT_MS = 240_000;
