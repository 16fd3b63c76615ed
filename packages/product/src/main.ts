import { startService } from '@shop/kit';
import { migrations } from '../migrations/index.js';
import { CatalogSync } from './catalog-cache/catalog-sync.js';
import type { ProductDatabase } from './db/schema.js';
import { createProductRouter } from './router.js';

await startService<ProductDatabase, ReturnType<typeof createProductRouter>>({
  name: 'product',
  migrations,
  // The cache is loaded before the server listens, so a replica is never ready with an empty catalog.
  setup: async ({ db, config, log }) => {
    const catalog = new CatalogSync({ url: config.DATABASE_URL, db, log, service: 'product' });
    await catalog.start();
    return { router: createProductRouter({ db, catalog: catalog.cache }), background: () => [catalog] };
  },
});
