import { sql, type Kysely } from 'kysely';
import type { OrderDatabase, OrderLine, RequestedItem } from './db/schema.js';
import type { OrderRow } from './order-view.js';

const ms = (n: number) => sql<Date>`(${Math.round(n)}::int * interval '1 millisecond')`;

export interface PageCursor {
  createdAt: Date;
  id: string;
}

/** Database access for orders. Each call is one short statement: no transaction spans a service call. */
export function createOrderStore(db: Kysely<OrderDatabase>) {
  const orders = () => db.selectFrom('orders').selectAll();

  return {
    findById: (id: string): Promise<OrderRow | undefined> => orders().where('id', '=', id).executeTakeFirst(),

    findForUser: (userId: string, id: string): Promise<OrderRow | undefined> =>
      orders().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst(),

    findByKey: (userId: string, key: string): Promise<OrderRow | undefined> =>
      orders().where('user_id', '=', userId).where('idempotency_key', '=', key).executeTakeFirst(),

    /** Records the PENDING order unless the key is taken; true when this call inserted it. */
    async insertPending(order: { id: string; userId: string; key: string; items: RequestedItem[] }): Promise<boolean> {
      const row = await db
        .insertInto('orders')
        .values({
          id: order.id,
          user_id: order.userId,
          idempotency_key: order.key,
          status: 'PENDING',
          requested_items: sql<string>`${JSON.stringify(order.items)}::jsonb`,
        })
        .onConflict((oc) => oc.columns(['user_id', 'idempotency_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    /** PENDING → CONFIRMED; undefined when the order had already left PENDING (another actor settled it). */
    confirm: (id: string, lines: OrderLine[], totalCents: number): Promise<OrderRow | undefined> =>
      db
        .updateTable('orders')
        .set({
          status: 'CONFIRMED',
          lines: sql<string>`${JSON.stringify(lines)}::jsonb`,
          total_cents: totalCents,
          recovery_lease_until: null,
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .where('status', '=', 'PENDING')
        .returningAll()
        .executeTakeFirst(),

    /** PENDING → FAILED; `releasePending` marks a reservation that may still be held, for recovery to release. */
    fail: (id: string, reason: string, releasePending: boolean): Promise<OrderRow | undefined> =>
      db
        .updateTable('orders')
        .set({ status: 'FAILED', failure_reason: reason, release_pending: releasePending, recovery_lease_until: null, updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .where('status', '=', 'PENDING')
        .returningAll()
        .executeTakeFirst(),

    /** Newest first; `limit + 1` rows are read so the caller knows whether another page exists. */
    page: (userId: string, limit: number, after: PageCursor | undefined): Promise<OrderRow[]> => {
      let query = orders().where('user_id', '=', userId);
      if (after) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)));
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    },

    /**
     * Claims one order PENDING for longer than `graceMs` for `leaseMs`; `skip locked` and the lease keep two
     * replicas from acting on the same order.
     */
    claimStalePending: (graceMs: number, leaseMs: number): Promise<OrderRow | undefined> =>
      db
        .updateTable('orders')
        .set({ recovery_lease_until: sql<Date>`now() + ${ms(leaseMs)}` })
        .where('id', '=', (eb) =>
          eb
            .selectFrom('orders')
            .select('id')
            .where('status', '=', 'PENDING')
            .where('created_at', '<', sql<Date>`now() - ${ms(graceMs)}`)
            .where((w) => w.or([w('recovery_lease_until', 'is', null), w('recovery_lease_until', '<', sql<Date>`now()`)]))
            .orderBy('created_at')
            .limit(1)
            .forUpdate()
            .skipLocked(),
        )
        .returningAll()
        .executeTakeFirst(),

    /** Claims one FAILED order whose reservation release has not been confirmed yet. */
    claimUnreleased: (leaseMs: number): Promise<OrderRow | undefined> =>
      db
        .updateTable('orders')
        .set({ recovery_lease_until: sql<Date>`now() + ${ms(leaseMs)}` })
        .where('id', '=', (eb) =>
          eb
            .selectFrom('orders')
            .select('id')
            .where('release_pending', '=', true)
            .where((w) => w.or([w('recovery_lease_until', 'is', null), w('recovery_lease_until', '<', sql<Date>`now()`)]))
            .orderBy('updated_at')
            .limit(1)
            .forUpdate()
            .skipLocked(),
        )
        .returningAll()
        .executeTakeFirst(),

    markReleased: async (id: string): Promise<void> => {
      await db.updateTable('orders').set({ release_pending: false, recovery_lease_until: null }).where('id', '=', id).execute();
    },

    /** Gives a claimed order back to the next recovery round. */
    unclaim: async (id: string): Promise<void> => {
      await db.updateTable('orders').set({ recovery_lease_until: null }).where('id', '=', id).execute();
    },
  };
}

export type OrderStore = ReturnType<typeof createOrderStore>;
