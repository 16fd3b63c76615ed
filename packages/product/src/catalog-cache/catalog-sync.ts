import type { BackgroundTask, Logger } from '@shop/kit';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { loadCatalog } from '../catalog/queries.js';
import type { ProductDatabase } from '../db/schema.js';
import { catalogCacheChanges, catalogCacheLag, catalogCacheLive, catalogCacheProducts, catalogCacheReloads } from '../metrics.js';
import { CatalogCache } from './catalog-cache.js';
import { CATALOG_CHANNEL, parseChange, type CatalogChange } from './changes.js';

export interface CatalogSyncOptions {
  url: string;
  db: Kysely<ProductDatabase>;
  log: Logger;
  /** Names the listener's session in pg_stat_activity: `<service>-catalog-listener`. */
  service: string;
  /** How often the idle listener proves its connection is alive (a silent network drop sends no error). */
  heartbeatMs?: number;
  /** Reconnect delay: doubles from the first to the second after each failed attempt. */
  retryMs?: readonly [number, number];
}

/**
 * Keeps a CatalogCache current through LISTEN/NOTIFY on a dedicated connection (a pooled one would be
 * handed to queries and lose its LISTEN). Each (re)connect listens first and then loads the whole
 * catalog; changes that arrive during the load are applied after it, in arrival (= commit) order, so
 * nothing committed in between is lost. While the connection is down the cache is not live and reads
 * go to the database.
 */
export class CatalogSync implements BackgroundTask {
  readonly cache = new CatalogCache();
  #client: pg.Client | undefined;
  /** Changes held back while a full load runs. */
  #held: CatalogChange[] | undefined;
  #reconnect: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #delay: number;
  #stopped = false;

  constructor(private readonly options: CatalogSyncOptions) {
    this.#delay = options.retryMs?.[0] ?? 100;
  }

  /** The first connect and load: the service is not ready before it, and fails to start without it. */
  async start(): Promise<void> {
    await this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#reconnect);
    clearInterval(this.#heartbeat);
    this.#setLive(false);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: `${this.options.service}-catalog-listener`,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      query_timeout: 10_000,
    });
    this.#client = client;
    client.on('notification', (message) => {
      if (client === this.#client && message.channel === CATALOG_CHANNEL) this.#onChange(parseChange(message.payload));
    });
    client.on('error', (err) => this.#lost(client, err));
    client.on('end', () => this.#lost(client));
    await client.connect();
    await client.query(`listen ${CATALOG_CHANNEL}`);
    await this.#reload(client);
    this.#delay = this.options.retryMs?.[0] ?? 100;
    clearInterval(this.#heartbeat);
    this.#heartbeat = setInterval(() => {
      client.query('select 1').catch((err: unknown) => this.#lost(client, err as Error));
    }, this.options.heartbeatMs ?? 5_000);
    this.#heartbeat.unref();
  }

  /** A full load; the cache goes live only if `client` is still the listening connection afterwards. */
  async #reload(client: pg.Client): Promise<void> {
    this.#setLive(false);
    this.#held = [];
    let again = false;
    try {
      const products = await loadCatalog(this.options.db);
      this.cache.replace(products);
      for (const change of this.#held) {
        if (change.op === 'reload') again = true;
        else this.cache.apply(change);
      }
    } finally {
      this.#held = undefined;
    }
    catalogCacheReloads.inc();
    catalogCacheProducts.set(this.cache.size);
    if (client !== this.#client) return;
    if (again) return this.#reload(client);
    this.#setLive(true);
    this.options.log.info({ products: this.cache.size }, 'catalog cache loaded');
  }

  #onChange(change: CatalogChange): void {
    if (this.#held) {
      this.#held.push(change);
      return;
    }
    if (change.op === 'reload') {
      const client = this.#client;
      if (client) this.#reload(client).catch((err: unknown) => this.#lost(client, err as Error));
      return;
    }
    this.cache.apply(change);
    catalogCacheChanges.inc();
    if (change.op === 'upsert') catalogCacheLag.observe(Math.max(0, Date.now() - change.at) / 1000);
  }

  /** The listener is gone (server restart, pg_terminate_backend, network): stop serving, reconnect. */
  #lost(client: pg.Client, err?: Error): void {
    if (client !== this.#client) return;
    this.#client = undefined;
    clearInterval(this.#heartbeat);
    this.#setLive(false);
    client.removeAllListeners('notification');
    client.on('error', () => undefined);
    client.end().catch(() => undefined);
    if (this.#stopped) return;
    this.options.log.warn({ err: err?.message, retryInMs: this.#delay }, 'catalog listener lost: reading from the database until it is back');
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#reconnect || this.#stopped) return;
    const delay = this.#delay;
    this.#delay = Math.min(delay * 2, this.options.retryMs?.[1] ?? 5_000);
    this.#reconnect = setTimeout(() => {
      this.#reconnect = undefined;
      this.#connect().catch((err: unknown) => {
        if (this.#client) this.#lost(this.#client, err as Error);
        else this.#scheduleReconnect();
      });
    }, delay);
    this.#reconnect.unref();
  }

  #setLive(live: boolean): void {
    if (live) this.cache.goLive();
    else this.cache.goStale();
    catalogCacheLive.set(live ? 1 : 0);
  }
}
