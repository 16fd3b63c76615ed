import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import type { AnyTRPCRouter } from '@trpc/server';
import type { CartRouter } from '@shop/cart/router';
import type { OrderRouter } from '@shop/order/router';
import type { ProductRouter } from '@shop/product/router';
import type { UserRouter } from '@shop/user/router';
import { HttpStatusError } from './errors.js';
import type { ServiceKey } from './options.js';

export interface ShopClients {
  product: TRPCClient<ProductRouter>;
  cart: TRPCClient<CartRouter>;
  order: TRPCClient<OrderRouter>;
  user: TRPCClient<UserRouter>;
}

/** The shopper's side of a session: the bearer token, once it has one. */
export interface Session {
  token: string | undefined;
}

function deadlineFetch(timeoutMs: number, stop: AbortSignal): typeof fetch {
  return async (input, init) => {
    // A stopped run abandons calls in flight, so a pod's summary comes out within its grace period.
    const response = await fetch(input, { ...init, signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]) });
    // tRPC answers errors as JSON too; anything else came from something in between (a proxy).
    if (!response.ok && !(response.headers.get('content-type') ?? '').includes('json')) {
      await response.body?.cancel();
      throw new HttpStatusError(response.status);
    }
    return response;
  };
}

interface ClientSettings {
  timeoutMs: number;
  /** Aborts every call in flight when the run stops. */
  stop: AbortSignal;
}

function client<TRouter extends AnyTRPCRouter>(baseUrl: string, session: Session, settings: ClientSettings): TRPCClient<TRouter> {
  // One HTTP request per call (no batching), as the services expect; keep-alive comes with fetch.
  const options = {
    url: `${baseUrl}/trpc`,
    fetch: deadlineFetch(settings.timeoutMs, settings.stop),
    headers: () => ({
      'user-agent': 'shop-loadgen',
      ...(session.token ? { authorization: `Bearer ${session.token}` } : {}),
    }),
  };
  // Our routers use no transformer; the generic router type cannot show that, hence the cast.
  return createTRPCClient<TRouter>({ links: [httpLink(options as unknown as Parameters<typeof httpLink<TRouter>>[0])] });
}

/** Typed clients for every service, all carrying the session's token. */
export function createShopClients(
  urls: Record<ServiceKey, string>,
  session: Session,
  timeoutMs: number,
  stop: AbortSignal = new AbortController().signal,
): ShopClients {
  const settings = { timeoutMs, stop };
  return {
    product: client<ProductRouter>(urls.product, session, settings),
    cart: client<CartRouter>(urls.cart, session, settings),
    order: client<OrderRouter>(urls.order, session, settings),
    user: client<UserRouter>(urls.user, session, settings),
  };
}
