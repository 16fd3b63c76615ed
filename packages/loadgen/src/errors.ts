import { TRPCClientError } from '@trpc/client';

/** A response that is not tRPC's JSON: a proxy's "no healthy upstream", an HTML error page. */
export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  constructor(readonly status: number) {
    super(`HTTP ${status} without a tRPC body`);
  }
}

function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  while (current instanceof Error && chain.length < 5) {
    chain.push(current);
    current = current.cause;
  }
  return chain;
}

/**
 * The code a failed call is counted under: the server's tRPC code (NOT_FOUND, CONFLICT...), or
 * TIMEOUT (our deadline), NETWORK (refused, reset), HTTP_<status> (a non-tRPC error), UNKNOWN.
 */
export function errorCode(err: unknown): string {
  if (err instanceof TRPCClientError) {
    const code = (err.data as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string') return code;
  }
  for (const cause of causeChain(err)) {
    if (cause instanceof HttpStatusError) return `HTTP_${cause.status}`;
    const name = (cause as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') return 'TIMEOUT';
    const sysCode = (cause as NodeJS.ErrnoException).code;
    if (typeof sysCode === 'string' && /^(E[A-Z]+|UND_ERR_\w+)$/.test(sysCode)) return 'NETWORK';
    if (cause instanceof TypeError && cause.message === 'fetch failed') return 'NETWORK';
  }
  return 'UNKNOWN';
}

/** Worth one retry with the same idempotency key: the request may or may not have happened. */
export function isRetriable(code: string): boolean {
  return code === 'TIMEOUT' || code === 'NETWORK' || code === 'SERVICE_UNAVAILABLE' || code === 'BAD_GATEWAY' || code === 'GATEWAY_TIMEOUT' || code.startsWith('HTTP_5');
}
