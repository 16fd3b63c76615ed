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

/** A product with the row version it was read at (the catalog cache keeps the newest). */
export interface VersionedProduct {
  product: Product;
  version: number;
}

export const versionedColumns = [...productColumns, 'version'] as const;

export function toVersioned(row: Pick<Selectable<ProductsTable>, (typeof versionedColumns)[number]>): VersionedProduct {
  return { product: toProduct(row), version: row.version };
}

/** Told the rows a committed transaction changed, so this replica's cache has them before it answers. */
export type OnCommitted = (rows: readonly VersionedProduct[]) => void;
