import { pickOne, type Random } from './random.js';

export interface KnownProduct {
  id: string;
  name: string;
  category: string;
  stock: number;
}

const FALLBACK_TERMS = ['shirt', 'mug', 'lamp', 'book', 'shoe', 'bag', 'pen', 'cup'];

/**
 * What the shoppers have learned about the catalog by browsing it; shared, so product pages and carts
 * pick from real products. Shoppers keep out of low-stock products so checkouts mostly succeed.
 */
export class Catalog {
  readonly #products = new Map<string, KnownProduct>();
  readonly #categories = new Set<string>();
  readonly #terms = new Set<string>();

  learn(products: readonly KnownProduct[]): void {
    for (const p of products) {
      this.#products.set(p.id, { id: p.id, name: p.name, category: p.category, stock: p.stock });
      this.#categories.add(p.category);
      for (const word of p.name.toLowerCase().split(/\W+/)) if (word.length >= 4) this.#terms.add(word);
    }
  }

  get size(): number {
    return this.#products.size;
  }

  anyProduct(random: Random): KnownProduct | undefined {
    return pickOne(random, [...this.#products.values()]);
  }

  /** A product with enough stock for a small order. */
  buyableProduct(random: Random, minStock = 5): KnownProduct | undefined {
    return pickOne(random, [...this.#products.values()].filter((p) => p.stock >= minStock));
  }

  category(random: Random): string | undefined {
    return pickOne(random, [...this.#categories]);
  }

  searchTerm(random: Random): string {
    return pickOne(random, [...this.#terms]) ?? pickOne(random, FALLBACK_TERMS) ?? 'shirt';
  }
}
