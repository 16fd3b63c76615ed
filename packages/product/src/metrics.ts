import { metricsRegistry } from '@shop/kit';
import { Counter, Gauge, Histogram } from 'prom-client';

/** Reserves refused for short stock; the Grafana dashboard reads this exact name. */
export const reservationConflicts = new Counter({
  name: 'shop_stock_reservation_conflicts_total',
  help: 'Stock reservations refused because at least one product was short',
  registers: [metricsRegistry],
});

/** 1 while the catalog cache serves reads, 0 while they go to the database (start, lost listener, reload). */
export const catalogCacheLive = new Gauge({
  name: 'shop_catalog_cache_live',
  help: 'Whether the in-process catalog cache is current and serving product.get/getMany',
  registers: [metricsRegistry],
});

/** Full loads of the catalog cache: at start, after every reconnect of the listener, and on request. */
export const catalogCacheReloads = new Counter({
  name: 'shop_catalog_cache_reloads_total',
  help: 'Full reloads of the in-process catalog cache',
  registers: [metricsRegistry],
});

/** Product changes applied from notifications. */
export const catalogCacheChanges = new Counter({
  name: 'shop_catalog_cache_changes_total',
  help: 'Product changes applied to the catalog cache from LISTEN/NOTIFY',
  registers: [metricsRegistry],
});

export const catalogCacheProducts = new Gauge({
  name: 'shop_catalog_cache_products',
  help: 'Products held in the in-process catalog cache',
  registers: [metricsRegistry],
});

/** From a product row's write (the trigger's clock) to this replica applying it: the cache's staleness. */
export const catalogCacheLag = new Histogram({
  name: 'shop_catalog_cache_lag_seconds',
  help: 'Delay from a product change being written to this replica applying it to its catalog cache',
  buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
  registers: [metricsRegistry],
});
