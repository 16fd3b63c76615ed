import type { Product, VersionedProduct } from '../catalog/product.js';
import type { CatalogChange } from './changes.js';

/**
 * The whole catalog in memory, current only while `live`: the listener sets it live after a full load
 * and takes it down the moment its connection is lost, so a reader never gets an entry that may have
 * missed a change — it asks the database instead. An entry is only ever replaced by a newer version.
 */
export class CatalogCache {
  #products = new Map<string, VersionedProduct>();
  #live = false;

  get live(): boolean {
    return this.#live;
  }

  get size(): number {
    return this.#products.size;
  }

  /** Undefined for an unknown id. Only meaningful while live. */
  get(id: string): Product | undefined {
    return this.#products.get(id)?.product;
  }

  /** The known products among `ids`, each once, in id order (as the database query answers). */
  getMany(ids: readonly string[]): Product[] {
    const found: Product[] = [];
    for (const id of new Set(ids)) {
      const entry = this.#products.get(id);
      if (entry) found.push(entry.product);
    }
    return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Replaces everything with a fresh load; not live until `goLive`. */
  replace(products: readonly VersionedProduct[]): void {
    this.#products = new Map(products.map((p) => [p.product.id, p]));
  }

  /** Takes `entry` unless the cache already holds that version of the product or a later one. */
  upsert(entry: VersionedProduct): void {
    const held = this.#products.get(entry.product.id);
    if (!held || held.version < entry.version) this.#products.set(entry.product.id, entry);
  }

  /** Applies one committed change; a reload request is the caller's to act on. */
  apply(change: CatalogChange): void {
    if (change.op === 'upsert') this.upsert({ product: change.row, version: change.version });
    else if (change.op === 'delete') this.#products.delete(change.id);
  }

  goLive(): void {
    this.#live = true;
  }

  goStale(): void {
    this.#live = false;
  }
}
