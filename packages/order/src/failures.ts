import { downstreamCode, TRPCError } from '@shop/kit';

/** Why an order failed; also the `reason` label of shop_order_failures_total. */
export type FailureReason =
  | 'out_of_stock'
  | 'product_unavailable'
  | 'invalid_cart'
  | 'dependency_unavailable'
  | 'user_not_found'
  | 'internal';

type Code = 'CONFLICT' | 'BAD_REQUEST' | 'SERVICE_UNAVAILABLE' | 'NOT_FOUND' | 'INTERNAL_SERVER_ERROR';

const FAILURES: Record<FailureReason, { code: Code; message: string }> = {
  out_of_stock: { code: 'CONFLICT', message: 'Not enough stock for an item in the cart' },
  product_unavailable: { code: 'CONFLICT', message: 'A product in the cart no longer exists' },
  invalid_cart: { code: 'BAD_REQUEST', message: 'The product service refused the cart' },
  dependency_unavailable: { code: 'SERVICE_UNAVAILABLE', message: 'A service needed to place the order is unavailable' },
  user_not_found: { code: 'NOT_FOUND', message: 'The account placing the order does not exist' },
  internal: { code: 'INTERNAL_SERVER_ERROR', message: 'The order could not be placed' },
};

const REASONS = new Set<string>(Object.keys(FAILURES));

export function isFailureReason(value: string | null): value is FailureReason {
  return value !== null && REASONS.has(value);
}

/** Why a failed product.reserve call failed. */
export function reserveFailureReason(err: unknown): FailureReason {
  switch (downstreamCode(err)) {
    case 'CONFLICT':
      return 'out_of_stock';
    case 'NOT_FOUND':
      return 'product_unavailable';
    case 'BAD_REQUEST':
      return 'invalid_cart';
    case null:
      return 'internal';
    default:
      return 'dependency_unavailable';
  }
}

/** True when product.reserve gave a definite answer that retrying cannot change. */
export function isDefiniteRefusal(reason: FailureReason): boolean {
  return reason === 'out_of_stock' || reason === 'product_unavailable' || reason === 'invalid_cart';
}

/** The error a request for a FAILED order answers with; the same for the first request and every replay. */
export function failureError(orderId: string, reason: string | null): TRPCError {
  const failure = FAILURES[isFailureReason(reason) ? reason : 'internal'];
  return new TRPCError({ code: failure.code, message: `${failure.message} (order ${orderId} failed: ${reason ?? 'internal'})` });
}
