import type { ServiceClient } from '@shop/kit';
import type { ProductRouter } from '@shop/product/router';

/** What the cart needs to know about a product. */
export interface CatalogProduct {
  id: string;
  name: string;
  priceCents: number;
  stock: number;
}

/** The product service as the cart sees it: a batch lookup (products since deleted are simply absent). */
export interface Catalog {
  getMany(ids: readonly string[]): Promise<Map<string, CatalogProduct>>;
}

/** product.getMany takes at most this many ids; a cart holds no more lines than that, so one call renders it. */
export const GET_MANY_LIMIT = 100;

export function productCatalog(client: ServiceClient<ProductRouter>): Catalog {
  return {
    async getMany(ids) {
      const unique = [...new Set(ids)];
      const byId = new Map<string, CatalogProduct>();
      if (unique.length === 0) return byId;
      // One call for any cart within the line limit; a racing add past the limit costs one more, never N.
      const batches: string[][] = [];
      for (let i = 0; i < unique.length; i += GET_MANY_LIMIT) batches.push(unique.slice(i, i + GET_MANY_LIMIT));
      const results = await Promise.all(batches.map((batch) => client.product.getMany.query({ ids: batch })));
      for (const product of results.flat()) {
        byId.set(product.id, { id: product.id, name: product.name, priceCents: product.priceCents, stock: product.stock });
      }
      return byId;
    },
  };
}
