import type { Logger } from '@shop/kit';
import type { OrderClients } from './clients.js';
import type { OrderLine } from './db/schema.js';
import { reserveFailureReason, type FailureReason } from './failures.js';
import { orderFailuresTotal, orderValueCents, ordersTotal } from './metrics.js';
import type { OrderStore } from './order-store.js';
import type { OrderRow } from './order-view.js';

export interface ReservedLine {
  productId: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
}

export type ReserveOutcome = { ok: true; lines: ReservedLine[] } | { ok: false; reason: FailureReason };

/**
 * The steps order placement and recovery share. Every status change is a conditional update from PENDING,
 * so whichever actor settles an order first wins and the other only reads the result.
 */
export function createSagaSteps(deps: { store: OrderStore; product: OrderClients['product']; log: Logger }) {
  const { store, product, log } = deps;

  const current = async (id: string): Promise<OrderRow> => {
    const row = await store.findById(id);
    if (!row) throw new Error(`order ${id} vanished`);
    return row;
  };

  /** product.reserve with the order id as its idempotency key: a replay reserves nothing twice. */
  async function reserve(row: OrderRow): Promise<ReserveOutcome> {
    try {
      const result = await product.product.reserve.mutate({ orderId: row.id, items: row.requested_items });
      const lines: ReservedLine[] = result.lines;
      return { ok: true, lines };
    } catch (err) {
      const reason = reserveFailureReason(err);
      log.warn({ err, orderId: row.id, reason }, 'product.reserve failed');
      return { ok: false, reason };
    }
  }

  async function release(orderId: string): Promise<boolean> {
    try {
      await product.product.release.mutate({ orderId });
      return true;
    } catch (err) {
      log.warn({ err, orderId }, 'product.release failed; recovery will retry it');
      return false;
    }
  }

  /** Records lines and total from the reservation's prices (never the cart's) and confirms. */
  async function confirm(row: OrderRow, reserved: readonly ReservedLine[]): Promise<OrderRow> {
    const lines: OrderLine[] = reserved.map((l) => ({
      productId: l.productId,
      name: l.name,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      lineTotalCents: l.unitPriceCents * l.quantity,
    }));
    const total = lines.reduce((sum, l) => sum + l.lineTotalCents, 0);
    const confirmed = await store.confirm(row.id, lines, total);
    if (!confirmed) return current(row.id);
    ordersTotal.inc({ status: 'confirmed' });
    orderValueCents.observe(total);
    log.info({ orderId: row.id, totalCents: total }, 'order confirmed');
    return confirmed;
  }

  /**
   * Marks the order FAILED first (so nobody confirms it afterwards), then releases whatever a reserve may
   * have taken; a release that fails stays flagged for recovery.
   */
  async function fail(row: OrderRow, reason: FailureReason): Promise<OrderRow> {
    const failed = await store.fail(row.id, reason, true);
    if (!failed) return current(row.id);
    ordersTotal.inc({ status: 'failed' });
    orderFailuresTotal.inc({ reason });
    log.warn({ orderId: row.id, reason }, 'order failed');
    if (await release(row.id)) {
      await store.markReleased(row.id);
      return { ...failed, release_pending: false };
    }
    return failed;
  }

  return { reserve, release, confirm, fail, current };
}

export type SagaSteps = ReturnType<typeof createSagaSteps>;
