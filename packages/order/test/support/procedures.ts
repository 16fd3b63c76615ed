// Every procedure of every service, as a value the tests can loop over. The `satisfies` clauses make the
// list exact: a procedure added to (or removed from) a router without being listed here fails typecheck.
import type { CartRouter } from '@shop/cart/router';
import type { ProductRouter } from '@shop/product/router';
import type { UserRouter } from '@shop/user/router';
import type { AnyTRPCRouter } from '@trpc/server';
import type { OrderRouter } from '../../src/router.js';
import type { ServiceName } from './shop.js';

type Kind = 'query' | 'mutation' | 'subscription';

/** "a.b" for each procedure under a router record. */
type PathsOf<R, Prefix extends string = ''> = {
  [K in keyof R & string]: R[K] extends { _def: { type: Kind } } ? `${Prefix}${K}` : PathsOf<R[K], `${Prefix}${K}.`>;
}[keyof R & string];
type Procedures<R extends AnyTRPCRouter> = PathsOf<R['_def']['record']>;

type Listing<R extends AnyTRPCRouter> = Record<Procedures<R>, 'query' | 'mutation'>;

export const PROCEDURES = {
  product: {
    'product.list': 'query',
    'product.get': 'query',
    'product.getMany': 'query',
    'product.reserve': 'mutation',
    'product.release': 'mutation',
  } satisfies Listing<ProductRouter>,
  user: {
    'user.register': 'mutation',
    'user.login': 'mutation',
    'user.me': 'query',
    'user.get': 'query',
  } satisfies Listing<UserRouter>,
  cart: {
    'cart.get': 'query',
    'cart.addItem': 'mutation',
    'cart.setQuantity': 'mutation',
    'cart.removeItem': 'mutation',
    'cart.clear': 'mutation',
    'cart.removeOrdered': 'mutation',
    'cart.removeOrderedFor': 'mutation',
  } satisfies Listing<CartRouter>,
  order: {
    'order.create': 'mutation',
    'order.get': 'query',
    'order.list': 'query',
  } satisfies Listing<OrderRouter>,
} as const satisfies Record<ServiceName, Record<string, 'query' | 'mutation'>>;
