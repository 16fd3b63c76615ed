import { meshProcedure, publicProcedure, router, TRPCError } from '@shop/kit';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { CatalogCache } from './catalog-cache/catalog-cache.js';
import { getProduct, getProducts, listProducts } from './catalog/queries.js';
import type { Product, VersionedProduct } from './catalog/product.js';
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

function found(product: Product | undefined, id: string): Product {
  if (!product) throw new TRPCError({ code: 'NOT_FOUND', message: `No product ${id}` });
  return product;
}

/**
 * `catalog` serves get/getMany from memory while it is live (synchronously: no promise on the hot path);
 * otherwise, and without one, they read the database. Reserve and release always go to the database.
 */
export function createProductRouter(deps: { db: Kysely<ProductDatabase>; catalog?: CatalogCache | undefined }) {
  const { db, catalog } = deps;
  // This replica's own writes reach its cache at once (read-your-writes); other replicas get them by NOTIFY.
  const committed = catalog && ((rows: readonly VersionedProduct[]) => rows.forEach((row) => catalog.upsert(row)));
  return router({
    product: router({
      list: publicProcedure.input(listInput).query(({ input }) => listProducts(db, input)),
      get: publicProcedure
        .input(z.object({ id: productId }))
        .query(({ input }) =>
          catalog?.live ? found(catalog.get(input.id), input.id) : getProduct(db, input.id).then((p) => found(p, input.id)),
        ),
      getMany: meshProcedure
        .input(z.object({ ids: z.array(productId).max(100) }))
        .query(({ input }) => (catalog?.live ? catalog.getMany(input.ids) : getProducts(db, input.ids))),
      reserve: meshProcedure
        .input(reserveInput)
        .mutation(async ({ input }) => ({ lines: await reserveStock(db, input.orderId, input.items, committed) })),
      release: meshProcedure
        .input(z.object({ orderId }))
        .mutation(async ({ input }) => ({ released: await releaseStock(db, input.orderId, committed) })),
    }),
  });
}

export type ProductRouter = ReturnType<typeof createProductRouter>;
