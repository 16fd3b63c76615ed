import { z } from 'zod';
import type { Product } from '../catalog/product.js';

const CHANNEL = 'catalog_changes';
export { CHANNEL as CATALOG_CHANNEL };

const product = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  priceCents: z.number().int(),
  currency: z.string(),
  stock: z.number().int(),
}) satisfies z.ZodType<Product>;

/** One notification from the `catalog_announce` trigger (migration 003). */
export const catalogChange = z.discriminatedUnion('op', [
  z.object({ n: z.number(), op: z.literal('upsert'), at: z.number(), row: product, version: z.number().int() }),
  z.object({ n: z.number(), op: z.literal('delete'), id: z.string() }),
  z.object({ n: z.number(), op: z.literal('reload') }),
]);

export type CatalogChange = z.infer<typeof catalogChange>;

/** The change a payload describes; a payload we cannot read asks for a reload, never a wrong entry. */
export function parseChange(payload: string | undefined): CatalogChange {
  try {
    const parsed = catalogChange.safeParse(JSON.parse(payload ?? ''));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return { n: 0, op: 'reload' };
}
