import { internalProcedure, publicProcedure, router, TRPCError } from '@shop/kit';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { getProduct, getProducts, listProducts } from './catalog/queries.js';
import type { ProductDatabase } from './db/schema.js';
import { releaseStock } from './reservations/release.js';
import { reserveStock } from './reservations/reserve.js';

export type { Product } from './catalog/product.js';
export type { ReservedLine } from './reservations/reserve.js';

const productId = z.string().trim().min(1).max(64);
const orderId = z.string().trim().min(1).max(128);

const listInput = z
  .object({
    category: z.string().trim().max(64).optional(),
    search: z.string().trim().max(200).optional(),
    cursor: z.string().min(1).max(512).nullish(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .default({ limit: 20 });

const reserveInput = z.object({
  orderId,
  items: z
    .array(z.object({ productId, quantity: z.number().int().min(1).max(99) }))
    .min(1)
    .max(100)
    .refine((items) => new Set(items.map((i) => i.productId)).size === items.length, 'Each product may appear only once'),
});

export function createProductRouter(deps: { db: Kysely<ProductDatabase> }) {
  const { db } = deps;
  return router({
    product: router({
      list: publicProcedure.input(listInput).query(({ input }) => listProducts(db, input)),
      get: publicProcedure.input(z.object({ id: productId })).query(async ({ input }) => {
        const product = await getProduct(db, input.id);
        if (!product) throw new TRPCError({ code: 'NOT_FOUND', message: `No product ${input.id}` });
        return product;
      }),
      getMany: internalProcedure
        .input(z.object({ ids: z.array(productId).max(100) }))
        .query(({ input }) => getProducts(db, input.ids)),
      reserve: internalProcedure
        .input(reserveInput)
        .mutation(async ({ input }) => ({ lines: await reserveStock(db, input.orderId, input.items) })),
      release: internalProcedure
        .input(z.object({ orderId }))
        .mutation(async ({ input }) => ({ released: await releaseStock(db, input.orderId) })),
    }),
  });
}

export type ProductRouter = ReturnType<typeof createProductRouter>;
