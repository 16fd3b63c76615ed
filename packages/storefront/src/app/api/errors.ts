// What a failed call means for the person using the shop.
import { TRPCClientError } from '@trpc/client';
import type { ShopRouter } from './shop-router.js';

export type ShopError = TRPCClientError<ShopRouter>;

export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

/** The tRPC error code, or undefined when no tRPC answer came back (network down, a proxy's own page). */
export function errorCode(err: unknown): string | undefined {
  return err instanceof TRPCClientError ? ((err as ShopError).data?.code ?? undefined) : undefined;
}

/** A service could not answer: worth trying again, and never the user's fault. */
export function isUnavailable(err: unknown): boolean {
  const code = errorCode(err);
  return code === undefined || code === 'SERVICE_UNAVAILABLE' || code === 'BAD_GATEWAY' || code === 'GATEWAY_TIMEOUT' || code === 'TOO_MANY_REQUESTS';
}

/** The zod issues a BAD_REQUEST carries, by first path segment (the form field). */
export function fieldIssues(err: unknown): Record<string, string> {
  if (!(err instanceof TRPCClientError)) return {};
  const data = (err as ShopError).data as { issues?: FieldIssue[] } | undefined;
  const byField: Record<string, string> = {};
  for (const issue of data?.issues ?? []) {
    const field = String(issue.path[0] ?? '');
    byField[field] ??= issue.message;
  }
  return byField;
}

/** One sentence for a failed call to `service`. */
export function describeError(err: unknown, service: string): string {
  if (isUnavailable(err)) return `The ${service} service is unavailable right now. Please try again in a moment.`;
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong.';
}
