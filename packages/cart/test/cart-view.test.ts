import { describe, expect, it } from 'vitest';
import { renderCart, UNAVAILABLE_NAME } from '../src/cart-view.js';

describe('renderCart', () => {
  it('prices lines from the catalog and still shows a product that was deleted, at no price', () => {
    const catalog = new Map([['p1', { id: 'p1', name: 'Kite', priceCents: 1999, stock: 5 }]]);
    const cart = renderCart(
      [
        { productId: 'p1', quantity: 3 },
        { productId: 'gone', quantity: 2 },
      ],
      catalog,
    );
    expect(cart).toEqual({
      items: [
        { productId: 'p1', name: 'Kite', unitPriceCents: 1999, quantity: 3, lineTotalCents: 5997, available: true },
        { productId: 'gone', name: UNAVAILABLE_NAME, unitPriceCents: 0, quantity: 2, lineTotalCents: 0, available: false },
      ],
      totalCents: 5997,
      currency: 'USD',
    });
  });
});
