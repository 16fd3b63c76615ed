import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnyTRPCRouter, inferRouterContext } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import type { TRPCError } from '@trpc/server';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';

/** One finished procedure call, for metrics and logs. */
export interface CallResult {
  path: string;
  type: 'query' | 'mutation' | 'subscription' | 'unknown';
  code: TRPC_ERROR_CODE_KEY | 'OK';
  durationMs: number;
  error?: TRPCError;
}

export interface TrpcHandlerOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter;
  createContext: (req: IncomingMessage, res: ServerResponse) => inferRouterContext<TRouter> | Promise<inferRouterContext<TRouter>>;
  /** Largest accepted request body; larger is 413 PAYLOAD_TOO_LARGE. */
  maxBodyBytes?: number;
  onCall?: (result: CallResult) => void;
}

/** Serves `/trpc/<path>`; `path` is what follows `/trpc/`, `search` the query string without `?`. */
export type TrpcHandler = (req: IncomingMessage, res: ServerResponse, path: string, search: string) => Promise<void>;

// TEMPORARY: delegates to tRPC's node adapter until the fast handler lands.
export function createTrpcHandler<TRouter extends AnyTRPCRouter>(opts: TrpcHandlerOptions<TRouter>): TrpcHandler {
  return async (req, res, path) => {
    const started = performance.now();
    await nodeHTTPRequestHandler({
      router: opts.router,
      req,
      res,
      path,
      maxBodySize: opts.maxBodyBytes ?? 1_048_576,
      createContext: ({ req: r, res: s }) => opts.createContext(r, s),
      onError: ({ error, path: p, type }) =>
        opts.onCall?.({ path: p ?? path, type, code: error.code, durationMs: performance.now() - started, error }),
    });
    if (res.statusCode < 400) opts.onCall?.({ path, type: 'unknown', code: 'OK', durationMs: performance.now() - started });
  };
}
