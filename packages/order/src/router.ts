import { protectedProcedure, router, TRPCError } from '@shop/kit';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { OrderStore } from './order-store.js';
import { toOrder, type Order } from './order-view.js';
import type { AuthUser } from '@shop/kit';

export interface OrderRouterDeps {
  store: OrderStore;
  placeOrder: (user: AuthUser, idempotencyKey: string) => Promise<Order>;
}

const listInput = z
  .object({
    cursor: z.string().min(1).max(500).optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .optional();

export function createOrderRouter({ store, placeOrder }: OrderRouterDeps) {
  return router({
    order: router({
      create: protectedProcedure
        .input(z.object({ idempotencyKey: z.uuid() }))
        .mutation(({ ctx, input }) => placeOrder(ctx.user, input.idempotencyKey.toLowerCase())),

      get: protectedProcedure.input(z.object({ id: z.string().min(1).max(100) })).query(async ({ ctx, input }) => {
        // Another user's order is indistinguishable from none at all.
        const row = await store.findForUser(ctx.user.id, input.id);
        if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such order' });
        return toOrder(row);
      }),

      list: protectedProcedure.input(listInput).query(async ({ ctx, input }) => {
        const limit = input?.limit ?? 20;
        const after = input?.cursor ? decodeCursor(input.cursor) : undefined;
        const rows = await store.page(ctx.user.id, limit, after);
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        return {
          items: page.map(toOrder),
          nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: new Date(last.created_at), id: last.id }) : null,
        };
      }),
    }),
  });
}

export type OrderRouter = ReturnType<typeof createOrderRouter>;
