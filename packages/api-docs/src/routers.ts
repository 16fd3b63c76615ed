// The four routers, built only to be read: their factories close over the database and clients but do not
// use them until a procedure runs, so empty stand-ins do.
import { listProcedures, type ProcedureEntry } from '@shop/kit';
import type { AnyTRPCRouter } from '@trpc/server';
import { SHOP_SERVICES, type ServiceName } from '@shop/kit/services';
import { createCartRouter } from '@shop/cart/router';
import { createOrderRouter } from '@shop/order/router';
import { createProductRouter } from '@shop/product/router';
import { createUserRouter } from '@shop/user/router';

const unused = {} as never;

const factories: Record<ServiceName, () => AnyTRPCRouter> = {
  product: () => createProductRouter({ db: unused }),
  cart: () => createCartRouter({ db: unused, catalog: unused }),
  user: () => createUserRouter({ accounts: unused, keys: unused, tokenTtlSeconds: 0 }),
  order: () => createOrderRouter({ store: unused, placeOrder: unused }),
};

/** Each service's router, in the shop's service order. */
export function shopRouters(): { service: ServiceName; router: AnyTRPCRouter }[] {
  return SHOP_SERVICES.map(({ name }) => ({ service: name, router: factories[name]() }));
}

/** Every procedure of the shop, with its kind and auth flag (the manifest checks hold the mesh policy to it). */
export function shopProcedures(): ProcedureEntry[] {
  return shopRouters().flatMap(({ router }) => listProcedures(router));
}
