import { TRPCError } from '@shop/kit';
import type { Kysely, Transaction } from 'kysely';
import { toVersioned, versionedColumns, type OnCommitted, type VersionedProduct } from '../catalog/product.js';
import type { ProductDatabase } from '../db/schema.js';
import { reservationConflicts } from '../metrics.js';

export interface ReserveItem {
  productId: string;
  quantity: number;
}

/** What an order line is priced from: the catalog's name and price at reservation time. */
export interface ReservedLine {
  productId: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
}

async function storedLines(trx: Transaction<ProductDatabase>, orderId: string): Promise<ReservedLine[]> {
  const rows = await trx
    .selectFrom('reservation_lines')
    .select(['product_id', 'name', 'quantity', 'unit_price_cents'])
    .where('order_id', '=', orderId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ productId: r.product_id, name: r.name, quantity: r.quantity, unitPriceCents: r.unit_price_cents }));
}

function byId(a: ReserveItem, b: ReserveItem): number {
  return a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0;
}

/**
 * Reserves every line or none, in one transaction. The reservation row keyed by orderId makes a repeat
 * (a retry, or a replay after a lost response) return the stored lines instead of reserving twice; a
 * concurrent repeat waits on that row's unique key and then reads the winner's lines.
 */
export async function reserveStock(
  db: Kysely<ProductDatabase>,
  orderId: string,
  items: readonly ReserveItem[],
  onCommitted?: OnCommitted,
): Promise<ReservedLine[]> {
  const changed: VersionedProduct[] = [];
  const lines = await db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('reservations')
      .values({ order_id: orderId, status: 'reserved' })
      .onConflict((oc) => oc.column('order_id').doNothing())
      .returning('order_id')
      .executeTakeFirst();
    if (!claimed) {
      const existing = await trx.selectFrom('reservations').select('status').where('order_id', '=', orderId).executeTakeFirstOrThrow();
      if (existing.status === 'released') {
        // Compensation already ran (maybe before this reserve arrived): reserving now would leak stock.
        throw new TRPCError({ code: 'CONFLICT', message: `The reservation for order ${orderId} was released` });
      }
      return storedLines(trx, orderId);
    }

    // Rows are locked in id order so two reserves never wait on each other in a cycle.
    const taken = new Map<string, { name: string; priceCents: number }>();
    const short: ReserveItem[] = [];
    for (const item of [...items].sort(byId)) {
      const row = await trx
        .updateTable('products')
        .set((eb) => ({ stock: eb('stock', '-', item.quantity) }))
        .where('id', '=', item.productId)
        .where('stock', '>=', item.quantity)
        .returning(versionedColumns)
        .executeTakeFirst();
      if (row) {
        taken.set(item.productId, { name: row.name, priceCents: row.price_cents });
        changed.push(toVersioned(row));
      } else short.push(item);
    }
    if (short.length > 0) throw await shortageError(trx, short);

    const lines = items.map((item) => {
      const product = taken.get(item.productId)!;
      return { productId: item.productId, name: product.name, quantity: item.quantity, unitPriceCents: product.priceCents };
    });
    await trx
      .insertInto('reservation_lines')
      .values(
        lines.map((line, position) => ({
          order_id: orderId,
          position,
          product_id: line.productId,
          name: line.name,
          quantity: line.quantity,
          unit_price_cents: line.unitPriceCents,
        })),
      )
      .execute();
    return lines;
  });
  if (changed.length > 0) onCommitted?.(changed);
  return lines;
}

/** NOT_FOUND for products that do not exist, else CONFLICT naming each short product and what is left. */
async function shortageError(trx: Transaction<ProductDatabase>, short: ReserveItem[]): Promise<TRPCError> {
  const found = await trx
    .selectFrom('products')
    .select(['id', 'name', 'stock'])
    .where(
      'id',
      'in',
      short.map((s) => s.productId),
    )
    .execute();
  const known = new Map(found.map((p) => [p.id, p]));
  const unknown = short.filter((s) => !known.has(s.productId)).map((s) => s.productId);
  if (unknown.length > 0) return new TRPCError({ code: 'NOT_FOUND', message: `Unknown products: ${unknown.join(', ')}` });
  reservationConflicts.inc();
  const described = short.map((s) => {
    const p = known.get(s.productId)!;
    return `${p.id} "${p.name}" (requested ${s.quantity}, available ${p.stock})`;
  });
  return new TRPCError({ code: 'CONFLICT', message: `Insufficient stock: ${described.join('; ')}` });
}
