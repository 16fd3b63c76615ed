import type { ServiceClient } from '@shop/kit';
import type { CartRouter } from '@shop/cart/router';
import type { ProductRouter } from '@shop/product/router';
import type { UserRouter } from '@shop/user/router';

/** Typed clients for the services the order service calls. */
export interface OrderClients {
  cart: ServiceClient<CartRouter>;
  product: ServiceClient<ProductRouter>;
  user: ServiceClient<UserRouter>;
}
