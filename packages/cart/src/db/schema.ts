import type { ColumnType, Generated } from 'kysely';

export interface CartItemTable {
  user_id: string;
  product_id: string;
  quantity: number;
  added_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface CartOrderRemovalTable {
  user_id: string;
  order_id: string;
  removed_at: Generated<Date>;
}

export interface CartDatabase {
  cart_items: CartItemTable;
  cart_order_removals: CartOrderRemovalTable;
}
