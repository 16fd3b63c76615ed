import type { Product } from '../catalog/product.js';
import type { CatalogChange } from './changes.js';

/**
 * The whole catalog in memory, current only while `live`: the listener sets it live after a full load
 * and takes it down the moment its connection is lost, so a reader never gets an entry that may have
 * missed a change — it asks the database instead.
 */
export class CatalogCache {
  #products = new Map<string, Product>();
  #live = false;

  get live(): boolean {
    return this.#live;
  }

  get size(): number {
    return this.#products.size;
  }

  /** Undefined for an unknown id. Only meaningful while live. */
  get(id: string): Product | undefined {
    return this.#products.get(id);
  }

  /** The known products among `ids`, each once, in id order (as the database query answers). */
  getMany(ids: readonly string[]): Product[] {
    const found: Product[] = [];
    for (const id of new Set(ids)) {
      const product = this.#products.get(id);
      if (product) found.push(product);
    }
    return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Replaces everything with a fresh load; not live until `goLive`. */
  replace(products: readonly Product[]): void {
    this.#products = new Map(products.map((p) => [p.id, p]));
  }

  /** Applies one committed change; a reload request is the caller's to act on. */
  apply(change: CatalogChange): void {
    if (change.op === 'upsert') this.#products.set(change.row.id, change.row);
    else if (change.op === 'delete') this.#products.delete(change.id);
  }

  goLive(): void {
    this.#live = true;
  }

  goStale(): void {
    this.#live = false;
  }
}
