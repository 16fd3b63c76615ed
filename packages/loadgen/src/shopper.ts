import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Catalog } from './catalog.js';
import { createShopClients, type Session, type ShopClients } from './clients.js';
import { errorCode, isRetriable } from './errors.js';
import type { Gate } from './gate.js';
import { FIRST_VISIT, type Behaviour, type Mix, type Procedure } from './mix.js';
import type { ServiceKey } from './options.js';
import { pickOne, pickWeighted, randomInt, type Random } from './random.js';
import type { Stats } from './stats.js';

/** Orders placed by the run, by the status the order service answered. */
export interface OrderOutcomes {
  CONFIRMED: number;
  FAILED: number;
  PENDING: number;
}

/** What every shopper shares: where to go, the pace, the counters. */
export interface ShopperWorld {
  urls: Record<ServiceKey, string>;
  timeoutMs: number;
  gate: Gate;
  stats: Stats;
  catalog: Catalog;
  mix: Mix;
  /** Makes e-mail addresses unique across runs against the same database. */
  runId: string;
  orders: OrderOutcomes;
  registered: { count: number };
}

type Outcome<T> = { ok: true; value: T } | { ok: false; code: string };
const STOPPED = 'STOPPED';

interface CartLine {
  productId: string;
  quantity: number;
}

/** Actions per session before the shopper leaves and a new one registers. */
const SESSION_ACTIONS = { min: 20, max: 60 };

/**
 * One virtual shopper: registers, then browses, searches, fills and changes a cart and checks out,
 * with its own token and a fresh idempotency key per checkout. After a session a new identity takes
 * its place, so registrations keep happening as they would on a real shop.
 */
export class Shopper {
  readonly #world: ShopperWorld;
  readonly #random: Random;
  readonly #index: number;
  readonly #session: Session = { token: undefined };
  readonly #clients: ShopClients;
  #identity = { email: '', password: '', name: '' };
  #generation = 0;
  #cart: CartLine[] = [];
  #orderIds: string[] = [];

  constructor(world: ShopperWorld, index: number, random: Random) {
    this.#world = world;
    this.#index = index;
    this.#random = random;
    this.#clients = createShopClients(world.urls, this.#session, world.timeoutMs, world.gate.signal);
  }

  async run(): Promise<void> {
    const { gate } = this.#world;
    while (!gate.closed) {
      if (!(await this.#register())) {
        await sleep(250, undefined, { signal: gate.signal }).catch(() => undefined);
        continue;
      }
      // The first visit skips what the mix switched off (--mix checkout=0 means no checkouts at all).
      const plan: Behaviour[] = FIRST_VISIT.filter((b) => this.#world.mix[b] > 0);
      const length = randomInt(this.#random, SESSION_ACTIONS.min, SESSION_ACTIONS.max);
      while (plan.length < length) plan.push(pickWeighted(this.#random, this.#world.mix));
      for (const behaviour of plan) {
        if (gate.closed) return;
        await this.#act(behaviour);
      }
    }
  }

  /** Times one call through the gate and records it; STOPPED when the run ended before it went out. */
  async #call<T>(procedure: Procedure, send: () => Promise<T>): Promise<Outcome<T>> {
    if (!(await this.#world.gate.pass())) return { ok: false, code: STOPPED };
    const started = performance.now();
    try {
      const value = await send();
      this.#world.stats.record(procedure, performance.now() - started);
      return { ok: true, value };
    } catch (err) {
      // Abandoned because the run stopped: not the service's failure, not counted.
      if (this.#world.gate.signal.aborted) return { ok: false, code: STOPPED };
      const code = errorCode(err);
      this.#world.stats.record(procedure, performance.now() - started, code);
      // Something is down: back off a little instead of spinning on refused connections.
      if (isRetriable(code)) await sleep(100 + this.#random() * 200, undefined, { signal: this.#world.gate.signal }).catch(() => undefined);
      return { ok: false, code };
    }
  }

  async #register(): Promise<boolean> {
    const n = `${this.#world.runId}-${this.#index}-${this.#generation++}`;
    this.#identity = { email: `shopper-${n}@loadgen.example`, password: `pw-${randomUUID()}`, name: `Shopper ${n}` };
    this.#session.token = undefined;
    this.#cart = [];
    this.#orderIds = [];
    const result = await this.#call('user.register', () => this.#clients.user.user.register.mutate(this.#identity));
    if (!result.ok) return false;
    this.#session.token = result.value.token;
    this.#world.registered.count++;
    return true;
  }

  #learnCart(cart: { items: ReadonlyArray<{ productId: string; quantity: number }> }): void {
    this.#cart = cart.items.map((i) => ({ productId: i.productId, quantity: i.quantity }));
  }

  async #act(behaviour: Behaviour): Promise<void> {
    switch (behaviour) {
      case 'browse':
        return this.#browse();
      case 'search':
        return this.#search();
      case 'view':
        return this.#view();
      case 'addToCart':
        return void (await this.#addToCart());
      case 'changeQuantity':
        return this.#changeQuantity();
      case 'removeItem':
        return this.#removeItem();
      case 'viewCart':
        return this.#viewCart();
      case 'abandonCart':
        return this.#abandonCart();
      case 'checkout':
        return this.#checkout();
      case 'orderHistory':
        return this.#orderHistory();
      case 'profile':
        return void (await this.#call('user.me', () => this.#clients.user.user.me.query()));
      case 'login':
        return this.#login();
    }
  }

  async #list(input: { category?: string; search?: string; cursor?: string; limit: number }) {
    const result = await this.#call('product.list', () => this.#clients.product.product.list.query(input));
    if (result.ok) this.#world.catalog.learn(result.value.items);
    return result;
  }

  async #browse(): Promise<void> {
    const category = this.#random() < 0.6 ? this.#world.catalog.category(this.#random) : undefined;
    const first = await this.#list({ ...(category ? { category } : {}), limit: 20 });
    // Some shoppers look at the next page too.
    if (first.ok && first.value.nextCursor && this.#random() < 0.3) {
      await this.#list({ ...(category ? { category } : {}), cursor: first.value.nextCursor, limit: 20 });
    }
  }

  async #search(): Promise<void> {
    await this.#list({ search: this.#world.catalog.searchTerm(this.#random), limit: 20 });
  }

  async #view(): Promise<void> {
    const product = this.#world.catalog.anyProduct(this.#random);
    if (!product) return this.#browse();
    const result = await this.#call('product.get', () => this.#clients.product.product.get.query({ id: product.id }));
    if (result.ok) this.#world.catalog.learn([result.value]);
  }

  async #addToCart(): Promise<boolean> {
    const product = this.#world.catalog.buyableProduct(this.#random);
    if (!product) {
      await this.#browse();
      return false;
    }
    const quantity = randomInt(this.#random, 1, 2);
    const result = await this.#call('cart.addItem', () => this.#clients.cart.cart.addItem.mutate({ productId: product.id, quantity }));
    if (result.ok) this.#learnCart(result.value);
    return result.ok;
  }

  async #changeQuantity(): Promise<void> {
    const line = pickOne(this.#random, this.#cart);
    if (!line) return void (await this.#addToCart());
    const quantity = randomInt(this.#random, 1, 3);
    const result = await this.#call('cart.setQuantity', () => this.#clients.cart.cart.setQuantity.mutate({ productId: line.productId, quantity }));
    if (result.ok) this.#learnCart(result.value);
  }

  async #removeItem(): Promise<void> {
    const line = pickOne(this.#random, this.#cart);
    if (!line) return this.#viewCart();
    const result = await this.#call('cart.removeItem', () => this.#clients.cart.cart.removeItem.mutate({ productId: line.productId }));
    if (result.ok) this.#learnCart(result.value);
  }

  async #viewCart(): Promise<void> {
    const result = await this.#call('cart.get', () => this.#clients.cart.cart.get.query());
    if (result.ok) this.#learnCart(result.value);
  }

  async #abandonCart(): Promise<void> {
    if (this.#cart.length === 0) return this.#viewCart();
    const result = await this.#call('cart.clear', () => this.#clients.cart.cart.clear.mutate());
    if (result.ok) this.#learnCart(result.value);
  }

  async #checkout(): Promise<void> {
    if (this.#cart.length === 0 && !(await this.#addToCart())) return;
    // One key per checkout; a retry after a timeout or a 5xx reuses it, as a real client's would.
    const idempotencyKey = randomUUID();
    const place = () => this.#call('order.create', () => this.#clients.order.order.create.mutate({ idempotencyKey }));
    let placed = await place();
    if (!placed.ok && isRetriable(placed.code)) placed = await place();
    if (!placed.ok) {
      // A FAILED order answers with its error (CONFLICT: out of stock, product gone): start over.
      if (placed.code === 'CONFLICT') {
        this.#world.orders.FAILED++;
        await this.#abandonCart();
      }
      return;
    }
    const order = placed.value;
    this.#world.orders[order.status]++;
    this.#orderIds.push(order.id);
    if (order.status === 'CONFIRMED') this.#cart = [];
    await this.#call('order.get', () => this.#clients.order.order.get.query({ id: order.id }));
  }

  async #orderHistory(): Promise<void> {
    const result = await this.#call('order.list', () => this.#clients.order.order.list.query({ limit: 10 }));
    const id = pickOne(this.#random, this.#orderIds);
    if (result.ok && id && this.#random() < 0.5) await this.#call('order.get', () => this.#clients.order.order.get.query({ id }));
  }

  async #login(): Promise<void> {
    const { email, password } = this.#identity;
    const result = await this.#call('user.login', () => this.#clients.user.user.login.mutate({ email, password }));
    if (result.ok) this.#session.token = result.value.token;
  }
}
