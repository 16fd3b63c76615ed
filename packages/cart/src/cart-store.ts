import { sql, type Kysely } from 'kysely';
import type { CartDatabase } from './db/schema.js';

export interface CartLine {
  productId: string;
  quantity: number;
}

export const MAX_QUANTITY = 99;
export const MAX_LINES = 100;

/** Database access for carts; every statement is scoped to one user. */
export function createCartStore(db: Kysely<CartDatabase>) {
  return {
    async lines(userId: string): Promise<CartLine[]> {
      const rows = await db
        .selectFrom('cart_items')
        .select(['product_id', 'quantity'])
        .where('user_id', '=', userId)
        .orderBy('added_at')
        .orderBy('product_id')
        .execute();
      return rows.map((r) => ({ productId: r.product_id, quantity: r.quantity }));
    },

    async quantityOf(userId: string, productId: string): Promise<number> {
      const row = await db
        .selectFrom('cart_items')
        .select('quantity')
        .where('user_id', '=', userId)
        .where('product_id', '=', productId)
        .executeTakeFirst();
      return row?.quantity ?? 0;
    },

    async lineCount(userId: string): Promise<number> {
      const row = await db
        .selectFrom('cart_items')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return row.n;
    },

    /**
     * Adds `quantity` to the line in one statement, only while the result stays within `limit`, so two
     * concurrent adds cannot pass the limit together. Returns the new quantity, or null when over the limit.
     */
    async add(userId: string, productId: string, quantity: number, limit: number): Promise<number | null> {
      if (quantity > limit) return null;
      const row = await db
        .insertInto('cart_items')
        .values({ user_id: userId, product_id: productId, quantity })
        .onConflict((oc) =>
          oc
            .columns(['user_id', 'product_id'])
            .doUpdateSet({ quantity: sql<number>`cart_items.quantity + excluded.quantity`, updated_at: sql<Date>`now()` })
            .where(sql<number>`cart_items.quantity + excluded.quantity`, '<=', limit),
        )
        .returning('quantity')
        .executeTakeFirst();
      return row?.quantity ?? null;
    },

    async set(userId: string, productId: string, quantity: number): Promise<void> {
      await db
        .insertInto('cart_items')
        .values({ user_id: userId, product_id: productId, quantity })
        .onConflict((oc) => oc.columns(['user_id', 'product_id']).doUpdateSet({ quantity, updated_at: sql<Date>`now()` }))
        .execute();
    },

    async remove(userId: string, productId: string): Promise<void> {
      await db.deleteFrom('cart_items').where('user_id', '=', userId).where('product_id', '=', productId).execute();
    },

    async clear(userId: string): Promise<void> {
      await db.deleteFrom('cart_items').where('user_id', '=', userId).execute();
    },

    /**
     * Subtracts an order's quantities once per order id: lines reaching 0 go, a line added or raised since
     * the order keeps the rest. Returns false when this order's removal was already applied.
     */
    async removeOrdered(userId: string, orderId: string, lines: readonly CartLine[]): Promise<boolean> {
      const items = JSON.stringify(lines.map((l) => ({ product_id: l.productId, quantity: l.quantity })));
      return db.transaction().execute(async (trx) => {
        const first = await trx
          .insertInto('cart_order_removals')
          .values({ user_id: userId, order_id: orderId })
          .onConflict((oc) => oc.columns(['user_id', 'order_id']).doNothing())
          .returning('order_id')
          .executeTakeFirst();
        if (!first) return false;
        const ordered = sql`jsonb_to_recordset(${items}::jsonb) as v(product_id text, quantity int)`;
        await sql`delete from cart_items c using ${ordered}
                  where c.user_id = ${userId} and c.product_id = v.product_id and c.quantity <= v.quantity`.execute(trx);
        await sql`update cart_items c set quantity = c.quantity - v.quantity, updated_at = now() from ${ordered}
                  where c.user_id = ${userId} and c.product_id = v.product_id`.execute(trx);
        return true;
      });
    },
  };
}

export type CartStore = ReturnType<typeof createCartStore>;
