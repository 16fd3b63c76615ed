import { TRPCError } from '@trpc/server';
import { TRPCClientError } from '@trpc/client';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';

/** Codes a downstream service may answer that describe the caller's request, passed on as they are. */
const PASS_THROUGH: ReadonlySet<TRPC_ERROR_CODE_KEY> = new Set<TRPC_ERROR_CODE_KEY>([
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNPROCESSABLE_CONTENT',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'GATEWAY_TIMEOUT',
]);

function isTimeout(cause: unknown): boolean {
  for (let e: unknown = cause, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  }
  return false;
}

function codeFromHttpStatus(status: number | undefined): TRPC_ERROR_CODE_KEY {
  if (status === 503) return 'SERVICE_UNAVAILABLE';
  if (status === 504) return 'GATEWAY_TIMEOUT';
  return 'BAD_GATEWAY';
}

/**
 * The code a failed typed-client call should surface as, or null when `err` is not a client failure.
 * A service that answered with its own error keeps that code (a 5xx becomes BAD_GATEWAY); a service
 * that could not be reached is SERVICE_UNAVAILABLE; a missed deadline is GATEWAY_TIMEOUT.
 */
export function downstreamCode(err: unknown): TRPC_ERROR_CODE_KEY | null {
  if (!(err instanceof TRPCClientError)) return null;
  const data = (err as TRPCClientError<never>).data as { code?: TRPC_ERROR_CODE_KEY; httpStatus?: number } | undefined;
  if (data?.code) return PASS_THROUGH.has(data.code) ? data.code : 'BAD_GATEWAY';
  if (isTimeout(err.cause)) return 'GATEWAY_TIMEOUT';
  const meta = err.meta as { response?: { status?: number } } | undefined;
  if (meta?.response?.status) return codeFromHttpStatus(meta.response.status);
  return 'SERVICE_UNAVAILABLE';
}

/** A TRPCError to throw for a failed typed-client call, or null when `err` is not one. */
export function toServiceError(err: unknown): TRPCError | null {
  const code = downstreamCode(err);
  if (!code) return null;
  const message =
    code === 'SERVICE_UNAVAILABLE' && !(err as TRPCClientError<never>).data
      ? 'A service this request depends on is unavailable'
      : code === 'GATEWAY_TIMEOUT'
        ? 'A service this request depends on did not answer in time'
        : code === 'BAD_GATEWAY'
          ? 'A service this request depends on failed'
          : (err as Error).message;
  return new TRPCError({ code, message, cause: err });
}
