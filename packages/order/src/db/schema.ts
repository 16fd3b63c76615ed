import type { ColumnType, Generated } from 'kysely';

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'FAILED';

/** What the buyer asked for: the cart snapshot recorded before reserving. */
export interface RequestedItem {
  productId: string;
  quantity: number;
}

export interface OrderLine {
  productId: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

/** jsonb columns are written as JSON text (cast in SQL) and read back parsed. */
type Json<T> = ColumnType<T, string, string>;

export interface OrderTable {
  id: string;
  user_id: string;
  idempotency_key: string;
  status: OrderStatus;
  requested_items: Json<RequestedItem[]>;
  lines: ColumnType<OrderLine[], string | undefined, string>;
  total_cents: ColumnType<number, number | undefined, number>;
  currency: ColumnType<string, string | undefined, string>;
  failure_reason: string | null;
  release_pending: ColumnType<boolean, boolean | undefined, boolean>;
  recovery_lease_until: Date | null;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface OrderDatabase {
  orders: OrderTable;
}
