import type { BackgroundTask, Logger } from '@shop/kit';
import type { OrderClients } from './clients.js';
import { isDefiniteRefusal } from './failures.js';
import type { OrderStore } from './order-store.js';
import { orderedItems, type OrderRow } from './order-view.js';
import type { SagaSteps } from './saga.js';

export interface RecoveryDeps {
  store: OrderStore;
  steps: SagaSteps;
  /** Takes a recovered order's lines out of its buyer's cart (cart.removeOrderedFor, order's principal only). */
  cart: OrderClients['cart'];
  log: Logger;
  intervalMs: number;
  /** Only orders PENDING for longer than this are touched: longer than any create request can run. */
  graceMs: number;
  /** How long a claimed order is reserved for this replica while it acts on it. */
  leaseMs: number;
}

/** Orders handled per round at most, so one round always ends. */
const BATCH = 200;

/**
 * Finishes or compensates what a crash left behind, on start and every interval:
 * - an order PENDING past the grace period: product.reserve is replayed with the same order id and
 *   snapshot (idempotent on the product side). Success → CONFIRMED with the returned lines; a definite
 *   refusal → FAILED and released; product unreachable → left for the next round. A confirmed order's lines
 *   leave the buyer's cart through cart.removeOrderedFor (recovery holds no buyer token; the mesh admits that
 *   procedure from the order service only). As in order.create, a cart that cannot be reached then keeps them.
 * - a FAILED order whose release did not go through: release is retried until it does.
 */
export function startRecovery(deps: RecoveryDeps): BackgroundTask {
  const { store, steps, cart, log } = deps;

  /** Once per order id on the cart side, whichever of order.create and recovery gets there first. */
  async function removeOrderedLines(row: OrderRow): Promise<void> {
    try {
      await cart.cart.removeOrderedFor.mutate({ userId: row.user_id, orderId: row.id, items: orderedItems(row) });
    } catch (err) {
      log.warn({ err, orderId: row.id, userId: row.user_id }, 'recovered order confirmed but its lines could not be removed from the cart');
    }
  }
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  /** Returns false when the order must wait for a later round. */
  async function recoverPending(row: OrderRow): Promise<boolean> {
    const reserved = await steps.reserve(row);
    if (reserved.ok) {
      const settled = await steps.confirm(row, reserved.lines);
      if (settled.status === 'CONFIRMED') await removeOrderedLines(settled);
      log.info({ orderId: row.id, status: settled.status }, 'recovered a PENDING order');
      return true;
    }
    if (isDefiniteRefusal(reserved.reason)) {
      const settled = await steps.fail(row, reserved.reason);
      log.info({ orderId: row.id, status: settled.status, reason: reserved.reason }, 'recovered a PENDING order: failed');
      return true;
    }
    log.warn({ orderId: row.id, reason: reserved.reason }, 'PENDING order left for the next recovery round');
    return false;
  }

  async function round(): Promise<void> {
    // Orders that must wait stay claimed until the round ends, so the round does not pick them again.
    const deferred: string[] = [];
    try {
      let handled = 0;
      for (let row = await store.claimStalePending(deps.graceMs, deps.leaseMs); row && !stopped && handled < BATCH; handled++) {
        if (!(await recoverPending(row))) deferred.push(row.id);
        row = await store.claimStalePending(deps.graceMs, deps.leaseMs);
      }
      for (let row = await store.claimUnreleased(deps.leaseMs); row && !stopped && handled < BATCH; handled++) {
        if (await steps.release(row.id)) await store.markReleased(row.id);
        else deferred.push(row.id);
        row = await store.claimUnreleased(deps.leaseMs);
      }
    } finally {
      for (const id of deferred) await store.unclaim(id);
    }
  }

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = round()
        .catch((err: unknown) => log.error({ err }, 'order recovery round failed'))
        .finally(() => {
          running = undefined;
          schedule(deps.intervalMs);
        });
    }, delayMs);
  };
  schedule(0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
