import { randomUUID } from 'node:crypto';
import { createShopClients, type Session } from '@shop/loadgen';
import type { ServiceName } from './paths.js';

/** What the scenarios need: a product, a filled cart, and shoppers ready to place orders. */
export interface Fixtures {
  productId: string;
  /** A shopper whose cart holds three products: cart.get fans out to product.getMany once. */
  cartToken: string;
  /** One shopper per order.create connection, so no two connections share a cart. */
  orderTokens: string[];
  /** Products with stock to spare for every order the run places. */
  orderProductIds: string[];
}

const MIN_ORDER_STOCK = 1000;

export async function register(urls: Record<ServiceName, string>, label: string): Promise<string> {
  const session: Session = { token: undefined };
  const clients = createShopClients(urls, session, 30_000);
  const { token } = await clients.user.user.register.mutate({
    name: `Bench ${label}`,
    email: `bench-${label}-${randomUUID()}@bench.example`,
    password: `pw-${randomUUID()}`,
  });
  return token;
}

export async function prepareFixtures(urls: Record<ServiceName, string>, orderShoppers: number): Promise<Fixtures> {
  const anonymous = createShopClients(urls, { token: undefined }, 30_000);
  const { items } = await anonymous.product.product.list.query({ limit: 100 });
  const byStock = [...items].sort((a, b) => b.stock - a.stock);
  const orderProductIds = byStock.filter((p) => p.stock >= MIN_ORDER_STOCK).map((p) => p.id);
  const first = byStock[0];
  if (!first || orderProductIds.length === 0) throw new Error(`the catalog has no product with stock ≥ ${MIN_ORDER_STOCK}`);

  const cartToken = await register(urls, 'cart');
  const cart = createShopClients(urls, { token: cartToken }, 30_000);
  for (const product of byStock.slice(0, 3)) await cart.cart.cart.addItem.mutate({ productId: product.id, quantity: 1 });

  // Each order shopper starts with one item in the cart; the scenario refills it after every order.
  const orderShopper = async (i: number) => {
    const token = await register(urls, `order-${i}`);
    const clients = createShopClients(urls, { token }, 30_000);
    await clients.cart.cart.addItem.mutate({ productId: orderProductIds[i % orderProductIds.length] as string, quantity: 1 });
    return token;
  };
  const orderTokens: string[] = [];
  // A few at a time: registration hashes the password (deliberately slow).
  for (let i = 0; i < orderShoppers; i += 4) {
    orderTokens.push(...(await Promise.all(Array.from({ length: Math.min(4, orderShoppers - i) }, (_, j) => orderShopper(i + j)))));
  }
  return { productId: first.id, cartToken, orderTokens, orderProductIds };
}
