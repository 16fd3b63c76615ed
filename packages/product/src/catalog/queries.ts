import type { Kysely } from 'kysely';
import type { ProductDatabase } from '../db/schema.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { productColumns, toProduct, toVersioned, versionedColumns, type Product, type VersionedProduct } from './product.js';

export interface ListInput {
  category?: string | undefined;
  search?: string | undefined;
  cursor?: string | null | undefined;
  limit: number;
}

/** `%`, `_` and `\` are literal in a search, not patterns. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listProducts(db: Kysely<ProductDatabase>, input: ListInput): Promise<{ items: Product[]; nextCursor: string | null }> {
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  let query = db.selectFrom('products').select(productColumns).orderBy('id').limit(input.limit + 1);
  if (input.category) query = query.where('category', '=', input.category.toLowerCase());
  if (input.search) {
    const pattern = likePattern(input.search);
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('description', 'ilike', pattern), eb('sku', 'ilike', pattern)]));
  }
  if (after !== undefined) query = query.where('id', '>', after);
  const rows = await query.execute();
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { items: page.map(toProduct), nextCursor: rows.length > input.limit && last ? encodeCursor(last.id) : null };
}

export async function getProduct(db: Kysely<ProductDatabase>, id: string): Promise<Product | undefined> {
  const row = await db.selectFrom('products').select(productColumns).where('id', '=', id).executeTakeFirst();
  return row && toProduct(row);
}

/** One query for many ids; unknown ids are simply absent. */
export async function getProducts(db: Kysely<ProductDatabase>, ids: readonly string[]): Promise<Product[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('products').select(productColumns).where('id', 'in', [...new Set(ids)]).orderBy('id').execute();
  return rows.map(toProduct);
}

/** The whole catalog, for the in-process cache's full load. */
export async function loadCatalog(db: Kysely<ProductDatabase>): Promise<VersionedProduct[]> {
  const rows = await db.selectFrom('products').select(versionedColumns).execute();
  return rows.map(toVersioned);
}
