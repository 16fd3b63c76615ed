// The four services' routers, as types only, merged into the one API the browser sees under one base URL
// (`/trpc/<service>.<procedure>`). Renaming a field in a service breaks this package's typecheck.
import type { CartRouter } from '@shop/cart/router';
import type { OrderRouter } from '@shop/order/router';
import type { ProductRouter } from '@shop/product/router';
import type { UserRouter } from '@shop/user/router';
import type { inferRouterInputs, inferRouterOutputs, TRPCMergeRouters } from '@trpc/server';

export type ShopRouter = TRPCMergeRouters<[ProductRouter, CartRouter, UserRouter, OrderRouter]>;
export type Inputs = inferRouterInputs<ShopRouter>;
export type Outputs = inferRouterOutputs<ShopRouter>;

export type Product = Outputs['product']['get'];
export type Cart = Outputs['cart']['get'];
export type Order = Outputs['order']['get'];
export type User = Outputs['user']['me'];
