import { createServiceClient, startService, type ServiceConfig } from '@shop/kit';
import type { CartRouter } from '@shop/cart/router';
import type { ProductRouter } from '@shop/product/router';
import type { UserRouter } from '@shop/user/router';
import type { AnyTRPCRouter } from '@trpc/server';
import { migrations } from '../migrations/index.js';
import type { OrderClients } from './clients.js';
import type { OrderDatabase } from './db/schema.js';
import { createOrderStore } from './order-store.js';
import { createOrderPlacement } from './place-order.js';
import { startRecovery } from './recovery.js';
import { createOrderRouter, type OrderRouter } from './router.js';
import { createSagaSteps } from './saga.js';
import { orderSettings, toOrderSettings } from './settings.js';

function clientsFor(config: ServiceConfig): OrderClients {
  const client = <R extends AnyTRPCRouter>(name: 'cart' | 'product' | 'user') =>
    createServiceClient<R>(config.services[name] as string, { timeoutMs: config.CALL_TIMEOUT_MS, peerName: name });
  return { cart: client<CartRouter>('cart'), product: client<ProductRouter>('product'), user: client<UserRouter>('user') };
}

await startService<OrderDatabase, OrderRouter, typeof orderSettings>({
  name: 'order',
  auth: 'jwks',
  migrations,
  settings: orderSettings,
  setup: ({ db, config, settings: variables, log }) => {
    const settings = toOrderSettings(variables);
    const store = createOrderStore(db);
    const clients = clientsFor(config);
    const steps = createSagaSteps({ store, product: clients.product, log });
    return {
      router: createOrderRouter({ store, placeOrder: createOrderPlacement({ store, clients, steps, settings, log }) }),
      background: () => [
        startRecovery({
          store,
          steps,
          cart: clients.cart,
          log,
          intervalMs: settings.recoveryIntervalMs,
          graceMs: settings.recoveryGraceMs,
          leaseMs: 4 * config.CALL_TIMEOUT_MS,
        }),
      ],
    };
  },
});
