import type { Kysely } from 'kysely';
import { toVersioned, versionedColumns, type OnCommitted, type VersionedProduct } from '../catalog/product.js';
import type { ProductDatabase } from '../db/schema.js';

/**
 * Gives back exactly what the order reserved, once: only the call that flips the row from 'reserved' to
 * 'released' returns stock. Releasing an unknown order leaves a tombstone so a reserve that arrives later
 * (a slow request the order service already compensated) reserves nothing.
 */
export async function releaseStock(db: Kysely<ProductDatabase>, orderId: string, onCommitted?: OnCommitted): Promise<boolean> {
  const changed: VersionedProduct[] = [];
  const released = await db.transaction().execute(async (trx) => {
    const tombstone = await trx
      .insertInto('reservations')
      .values({ order_id: orderId, status: 'released', released_at: new Date() })
      .onConflict((oc) => oc.column('order_id').doNothing())
      .returning('order_id')
      .executeTakeFirst();
    if (tombstone) return false;

    const flipped = await trx
      .updateTable('reservations')
      .set({ status: 'released', released_at: new Date() })
      .where('order_id', '=', orderId)
      .where('status', '=', 'reserved')
      .returning('order_id')
      .executeTakeFirst();
    if (!flipped) return false;

    const lines = await trx
      .selectFrom('reservation_lines')
      .select(['product_id', 'quantity'])
      .where('order_id', '=', orderId)
      .orderBy('product_id')
      .execute();
    for (const line of lines) {
      const row = await trx
        .updateTable('products')
        .set((eb) => ({ stock: eb('stock', '+', line.quantity) }))
        .where('id', '=', line.product_id)
        .returning(versionedColumns)
        .executeTakeFirst();
      if (row) changed.push(toVersioned(row));
    }
    return true;
  });
  if (changed.length > 0) onCommitted?.(changed);
  return released;
}
