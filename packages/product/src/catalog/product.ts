import type { Selectable } from 'kysely';
import type { ProductsTable } from '../db/schema.js';

/** A catalog entry as the API contract shows it: money in integer cents. */
export interface Product {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  priceCents: number;
  currency: string;
  stock: number;
}

export const productColumns = ['id', 'sku', 'name', 'description', 'category', 'price_cents', 'currency', 'stock'] as const;

export function toProduct(row: Pick<Selectable<ProductsTable>, (typeof productColumns)[number]>): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    category: row.category,
    priceCents: row.price_cents,
    currency: row.currency,
    stock: row.stock,
  };
}
