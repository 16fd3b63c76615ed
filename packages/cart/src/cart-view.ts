import type { CatalogProduct } from './catalog.js';
import type { CartLine } from './cart-store.js';

export interface CartItemView {
  productId: string;
  name: string;
  unitPriceCents: number;
  quantity: number;
  lineTotalCents: number;
  /** False when the product was deleted since it was added: the line still shows, at no price. */
  available: boolean;
}

export interface CartView {
  items: CartItemView[];
  totalCents: number;
  currency: 'USD';
}

export const UNAVAILABLE_NAME = 'Product no longer available';

/** The cart as shown: current names and prices from the catalog; a deleted product still renders. */
export function renderCart(lines: readonly CartLine[], products: ReadonlyMap<string, CatalogProduct>): CartView {
  const items = lines.map((line): CartItemView => {
    const product = products.get(line.productId);
    if (!product) {
      return { productId: line.productId, name: UNAVAILABLE_NAME, unitPriceCents: 0, quantity: line.quantity, lineTotalCents: 0, available: false };
    }
    return {
      productId: line.productId,
      name: product.name,
      unitPriceCents: product.priceCents,
      quantity: line.quantity,
      lineTotalCents: product.priceCents * line.quantity,
      available: true,
    };
  });
  return { items, totalCents: items.reduce((sum, item) => sum + item.lineTotalCents, 0), currency: 'USD' };
}
