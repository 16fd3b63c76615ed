import { startService } from '@shop/kit';
import { migrations } from '../migrations/index.js';
import type { ProductDatabase } from './db/schema.js';
import { createProductRouter } from './router.js';

await startService<ProductDatabase, ReturnType<typeof createProductRouter>>({
  name: 'product',
  migrations,
  setup: ({ db }) => ({ router: createProductRouter({ db }) }),
});
