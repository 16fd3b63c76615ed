import { randomUUID } from 'node:crypto';
import { downstreamCode, isDatabaseUnavailable, TRPCError, type AuthUser, type Logger } from '@shop/kit';
import type { OrderClients } from './clients.js';
import type { RequestedItem } from './db/schema.js';
import { failureError } from './failures.js';
import { orderFailuresTotal } from './metrics.js';
import type { OrderStore } from './order-store.js';
import { orderedItems, toOrder, type Order, type OrderRow } from './order-view.js';
import type { SagaSteps } from './saga.js';
import type { OrderSettings } from './settings.js';

export interface PlacementDeps {
  store: OrderStore;
  clients: OrderClients;
  steps: SagaSteps;
  settings: OrderSettings;
  log: Logger;
}

const POLL_MS = 100;
const UNREACHABLE = new Set(['SERVICE_UNAVAILABLE', 'GATEWAY_TIMEOUT', 'BAD_GATEWAY']);

/**
 * order.create. Reads come first (cart, user): they change nothing, so a failure there leaves no order
 * and the same key can simply be retried. Then one PENDING row per (user, key) is inserted with the cart
 * snapshot — concurrent duplicates converge on it and only the request that inserted it runs the saga:
 * reserve → lines and total from the reservation → CONFIRMED → the ordered lines leave the cart.
 * A request whose key already has an order waits (bounded) for its outcome and answers the same:
 * the order, or the same error for a FAILED one.
 */
export function createOrderPlacement(deps: PlacementDeps) {
  const { store, clients, steps, settings, log } = deps;

  async function awaitOutcome(row: OrderRow): Promise<OrderRow> {
    const deadline = Date.now() + settings.duplicateWaitMs;
    let latest = row;
    while (latest.status === 'PENDING' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      latest = (await store.findById(row.id)) ?? latest;
    }
    return latest;
  }

  function answer(row: OrderRow): Order {
    if (row.status === 'FAILED') throw failureError(row.id, row.failure_reason);
    return toOrder(row);
  }

  /** Counts a refusal caused by an unreachable dependency, then lets the kit map the error. */
  async function dependencyCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      const code = downstreamCode(err);
      if (code && UNREACHABLE.has(code)) orderFailuresTotal.inc({ reason: 'dependency_unavailable' });
      throw err;
    }
  }

  async function readCart(): Promise<RequestedItem[]> {
    const cart = await dependencyCall(() => clients.cart.cart.get.query());
    return cart.items.map((item) => ({ productId: item.productId, quantity: item.quantity }));
  }

  async function checkUser(userId: string): Promise<void> {
    try {
      await dependencyCall(() => clients.user.user.get.query({ id: userId }));
    } catch (err) {
      if (downstreamCode(err) !== 'NOT_FOUND') throw err;
      orderFailuresTotal.inc({ reason: 'user_not_found' });
      throw new TRPCError({ code: 'NOT_FOUND', message: 'The account placing the order does not exist' });
    }
  }

  async function runSaga(row: OrderRow, user: AuthUser): Promise<OrderRow> {
    if (settings.crashPoint === 'before-reserve') crashForTest(log, row.id, settings.crashPoint);
    const reserved = await steps.reserve(row);
    if (!reserved.ok) return steps.fail(row, reserved.reason);
    if (settings.crashPoint === 'after-reserve') crashForTest(log, row.id, settings.crashPoint);
    let confirmed: OrderRow;
    try {
      confirmed = await steps.confirm(row, reserved.lines);
    } catch (err) {
      // The database away for a moment: the order stays PENDING, recovery confirms it (reserve is idempotent),
      // and the caller's retry with the same key gets that outcome. Failing it would give back stock it paid for.
      if (isDatabaseUnavailable(err)) throw err;
      log.error({ err, orderId: row.id }, 'recording the confirmed order failed');
      return steps.fail(row, 'internal');
    }
    if (confirmed.status === 'CONFIRMED') await removeOrderedLines(confirmed, user);
    return confirmed;
  }

  /** The stock is taken either way: a failure here leaves the order CONFIRMED and the cart as it was. */
  async function removeOrderedLines(row: OrderRow, user: AuthUser): Promise<void> {
    try {
      await clients.cart.cart.removeOrdered.mutate({ orderId: row.id, items: orderedItems(row) });
    } catch (err) {
      log.warn({ err, orderId: row.id, userId: user.id }, 'order confirmed but its lines could not be removed from the cart');
    }
  }

  return async function placeOrder(user: AuthUser, idempotencyKey: string): Promise<Order> {
    const existing = await store.findByKey(user.id, idempotencyKey);
    if (existing) return answer(await awaitOutcome(existing));

    const items = await readCart();
    if (items.length === 0) {
      // A duplicate may have ordered and emptied the cart meanwhile: its order is the answer then.
      const raced = await store.findByKey(user.id, idempotencyKey);
      if (raced) return answer(await awaitOutcome(raced));
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'The cart is empty: add products before ordering' });
    }
    await checkUser(user.id);

    const inserted = await store.insertPending({ id: randomUUID(), userId: user.id, key: idempotencyKey, items });
    const row = await store.findByKey(user.id, idempotencyKey);
    if (!row) throw new Error('order row missing right after insert');
    if (!inserted) return answer(await awaitOutcome(row));
    return answer(await runSaga(row, user));
  };
}

/** TEST HOOK (ORDER_TEST_CRASH): die like a killed pod in the middle of placing an order. */
function crashForTest(log: Logger, orderId: string, point: string): never {
  log.fatal({ orderId, point }, 'ORDER_TEST_CRASH: crashing on purpose (test hook)');
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
}
