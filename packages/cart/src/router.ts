import { meshProcedure, protectedProcedure, router, TRPCError } from '@shop/kit';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Catalog, CatalogProduct } from './catalog.js';
import { createCartStore, MAX_LINES, MAX_QUANTITY, type CartLine } from './cart-store.js';
import { renderCart, type CartView } from './cart-view.js';
import type { CartDatabase } from './db/schema.js';

// The product service's own bound on ids.
const productId = z.string().trim().min(1).max(64);
const addInput = z.object({ productId, quantity: z.number().int().min(1).max(MAX_QUANTITY) });
const setInput = z.object({ productId, quantity: z.number().int().min(0).max(MAX_QUANTITY) });
const removeOrderedInput = z.object({
  orderId: z.string().trim().min(1).max(100),
  items: z.array(z.object({ productId, quantity: z.number().int().min(1).max(MAX_QUANTITY) })).min(1).max(MAX_LINES),
});
// The user service's own bound on ids.
const removeOrderedForInput = removeOrderedInput.extend({ userId: z.string().trim().min(1).max(64) });

export interface CartRouterDeps {
  db: Kysely<CartDatabase>;
  catalog: Catalog;
}

export function createCartRouter({ db, catalog }: CartRouterDeps) {
  const store = createCartStore(db);

  const view = async (userId: string): Promise<CartView> => {
    const lines = await store.lines(userId);
    return renderCart(lines, await catalog.getMany(lines.map((l) => l.productId)));
  };

  const existingProduct = async (id: string): Promise<CatalogProduct> => {
    const product = (await catalog.getMany([id])).get(id);
    if (!product) throw new TRPCError({ code: 'NOT_FOUND', message: `No product ${id}` });
    return product;
  };

  const ensureRoomForLine = async (userId: string, id: string): Promise<void> => {
    if ((await store.quantityOf(userId, id)) > 0) return;
    if ((await store.lineCount(userId)) >= MAX_LINES) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: `A cart holds at most ${MAX_LINES} different products` });
    }
  };

  const stockError = (product: CatalogProduct) =>
    new TRPCError({ code: 'CONFLICT', message: `Only ${product.stock} of ${product.name} in stock` });

  return router({
    cart: router({
      get: protectedProcedure.query(({ ctx }) => view(ctx.user.id)),

      addItem: protectedProcedure.input(addInput).mutation(async ({ ctx, input }) => {
        const userId = ctx.user.id;
        const product = await existingProduct(input.productId);
        await ensureRoomForLine(userId, product.id);
        const added = await store.add(userId, product.id, input.quantity, Math.min(MAX_QUANTITY, product.stock));
        if (added === null) {
          const total = (await store.quantityOf(userId, product.id)) + input.quantity;
          if (total > MAX_QUANTITY) {
            throw new TRPCError({ code: 'BAD_REQUEST', message: `At most ${MAX_QUANTITY} of one product per cart` });
          }
          throw stockError(product);
        }
        return view(userId);
      }),

      setQuantity: protectedProcedure.input(setInput).mutation(async ({ ctx, input }) => {
        const userId = ctx.user.id;
        if (input.quantity === 0) {
          await store.remove(userId, input.productId);
          return view(userId);
        }
        const product = await existingProduct(input.productId);
        if (input.quantity > product.stock) throw stockError(product);
        await ensureRoomForLine(userId, product.id);
        await store.set(userId, product.id, input.quantity);
        return view(userId);
      }),

      removeItem: protectedProcedure.input(z.object({ productId })).mutation(async ({ ctx, input }) => {
        await store.remove(ctx.user.id, input.productId);
        return view(ctx.user.id);
      }),

      clear: protectedProcedure.mutation(async ({ ctx }) => {
        await store.clear(ctx.user.id);
        return renderCart([], new Map());
      }),

      /**
       * Called by the order service with the buyer's token once an order is confirmed: takes exactly the
       * ordered quantities out of the caller's own cart, once per order id (safe to retry).
       */
      removeOrdered: protectedProcedure.input(removeOrderedInput).mutation(async ({ ctx, input }) => {
        const applied = await store.removeOrdered(ctx.user.id, input.orderId, mergeLines(input.items));
        return { applied };
      }),

      /**
       * The same for the order service's recovery, which confirms orders a crash left PENDING and holds no
       * buyer token: the buyer is named in the input, so the mesh admits this from the order service only.
       */
      removeOrderedFor: meshProcedure.input(removeOrderedForInput).mutation(async ({ input }) => {
        const applied = await store.removeOrdered(input.userId, input.orderId, mergeLines(input.items));
        return { applied };
      }),
    }),
  });
}

/** The same product listed twice counts once, with the quantities summed. */
function mergeLines(items: readonly CartLine[]): CartLine[] {
  const merged = new Map<string, number>();
  for (const item of items) merged.set(item.productId, (merged.get(item.productId) ?? 0) + item.quantity);
  return [...merged].map(([id, quantity]) => ({ productId: id, quantity }));
}

export type CartRouter = ReturnType<typeof createCartRouter>;
