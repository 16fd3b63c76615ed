// One typed client for the whole shop, every call under one base URL (the gateway, or `pnpm dev`'s proxy).
// One HTTP request per call (httpLink, not batching): each procedure's path names the service that owns it.
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpLink } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { navigate } from '../routing.js';
import { session } from '../session.js';
import { errorCode, isUnavailable } from './errors.js';
import { newTraceparent } from './traceparent.js';
import type { ShopRouter } from './shop-router.js';

const BASE_URL = `${import.meta.env.VITE_SHOP_API_BASE ?? ''}/trpc`;

export const trpcClient = createTRPCClient<ShopRouter>({
  links: [
    httpLink({
      url: BASE_URL,
      headers: () => {
        const token = session.token();
        return { traceparent: newTraceparent(), ...(token ? { authorization: `Bearer ${token}` } : {}) };
      },
    }),
  ],
});

/** A rejected token (expired, or keys rotated): log in again; the cart lives on the server, so it waits. */
function onError(err: unknown): void {
  if (errorCode(err) !== 'UNAUTHORIZED' || !session.get()) return;
  session.end();
  const here = `${location.pathname}${location.search}`;
  navigate(`/login?expired=1&next=${encodeURIComponent(here)}`, { replace: true });
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    // Reads retry only what a retry can fix; a 4xx answer is final.
    queries: { staleTime: 5_000, retry: (failures, err) => failures < 2 && isUnavailable(err), refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});

export const trpc = createTRPCOptionsProxy<ShopRouter>({ client: trpcClient, queryClient });
