import { createServiceClient, startService } from '@shop/kit';
import type { ProductRouter } from '@shop/product/router';
import { migrations } from '../migrations/index.js';
import { productCatalog } from './catalog.js';
import type { CartDatabase } from './db/schema.js';
import { createCartRouter } from './router.js';

await startService<CartDatabase, ReturnType<typeof createCartRouter>>({
  name: 'cart',
  auth: 'jwks',
  migrations,
  setup: ({ db, config }) => ({
    router: createCartRouter({
      db,
      catalog: productCatalog(
        createServiceClient<ProductRouter>(config.services.product as string, { timeoutMs: config.CALL_TIMEOUT_MS, peerName: 'product' }),
      ),
    }),
  }),
});
