import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Context } from './context.js';
import { RetryAfter } from './retry-after.js';

/**
 * Who may call a procedure, as a flag on it: the API docs print it, and the manifest checks hold the mesh
 * policy to it. `public`: anyone; `user`: a verified user token (enforced here); `service`: other services
 * only (enforced by the mesh, see `meshProcedure`).
 */
export type ProcedureAuth = 'public' | 'user' | 'service';
export interface ProcedureMeta {
  auth: ProcedureAuth;
}

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
  // Never a stack trace in a response; zod failures carry their issues so clients can show them.
  isDev: false,
  errorFormatter({ shape, error }) {
    const zodError = error.code === 'BAD_REQUEST' && error.cause instanceof z.ZodError ? error.cause : null;
    return {
      ...shape,
      // An internal error's own message may carry driver or SQL text: clients get a generic one (logs keep it).
      message: zodError ? 'Invalid input' : error.code === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        ...(zodError ? { issues: zodError.issues.map(({ code, path, message }) => ({ code, path, message })) } : {}),
        ...(error.cause instanceof RetryAfter ? { retryAfterSeconds: error.cause.seconds } : {}),
      },
    };
  },
});

export const router = t.router;
export const middleware = t.middleware;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/**
 * Anyone may call it. A typed-client failure nobody handled becomes SERVICE_UNAVAILABLE / GATEWAY_TIMEOUT /
 * BAD_GATEWAY in the kit's HTTP handler (`mapError`), not in a middleware: each middleware layer costs a
 * small call a measurable share of its time.
 */
export const publicProcedure = t.procedure.meta({ auth: 'public' });

/**
 * Called by other services only, and the mesh is what enforces it: each service's Istio AuthorizationPolicy
 * admits these paths from the calling services' mTLS principals only, never from the ingress gateway. The
 * kit runs it as a public procedure; the `service` flag is what the manifest checks hold the policies to.
 */
export const meshProcedure = t.procedure.meta({ auth: 'service' });

/** Needs `Authorization: Bearer <JWT>` from the user service; `ctx.user` is the verified caller. */
export const protectedProcedure = t.procedure.meta({ auth: 'user' }).use(async ({ ctx, next }) => {
  const header = ctx.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match?.[1]) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'A bearer token is required' });
  }
  const user = await ctx.verifyToken(match[1]);
  return next({ ctx: { ...ctx, user } });
});

export { TRPCError };
