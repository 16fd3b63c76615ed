import type { OrderLine, OrderStatus, OrderTable } from './db/schema.js';
import type { Selectable } from 'kysely';

export type OrderRow = Selectable<OrderTable>;

/** The contract's Order; failureReason only on FAILED orders. */
export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  lines: OrderLine[];
  totalCents: number;
  currency: 'USD';
  createdAt: string;
  failureReason?: string;
}

/** What a confirmed order takes out of the buyer's cart: its lines' products and quantities. */
export function orderedItems(row: OrderRow): { productId: string; quantity: number }[] {
  return row.lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
}

export function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    lines: row.lines,
    totalCents: row.total_cents,
    currency: 'USD',
    createdAt: new Date(row.created_at).toISOString(),
    ...(row.status === 'FAILED' ? { failureReason: row.failure_reason ?? 'internal' } : {}),
  };
}
