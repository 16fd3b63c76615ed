import type { ColumnType, Generated } from 'kysely';

export interface ProductsTable {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  price_cents: number;
  currency: Generated<string>;
  stock: number;
  /** Counts the row's updates (migration 003's trigger): the catalog cache keeps the highest it has seen. */
  version: ColumnType<number, never, never>;
  created_at: Generated<Date>;
}

export interface ReservationsTable {
  order_id: string;
  status: 'reserved' | 'released';
  created_at: Generated<Date>;
  released_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ReservationLinesTable {
  order_id: string;
  position: number;
  product_id: string;
  name: string;
  quantity: number;
  unit_price_cents: number;
}

export interface ProductDatabase {
  products: ProductsTable;
  reservations: ReservationsTable;
  reservation_lines: ReservationLinesTable;
}
