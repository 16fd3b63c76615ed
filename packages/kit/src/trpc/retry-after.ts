import { TRPCError } from '@trpc/server';

/** Why a call was refused for now: how long until trying again makes sense. Answered as `Retry-After`. */
export class RetryAfter extends Error {
  override name = 'RetryAfter';
  constructor(readonly seconds: number) {
    super(`retry after ${seconds} s`);
  }
}

/** 429 TOO_MANY_REQUESTS with `Retry-After: <seconds>` (and `retryAfterSeconds` in the error's data). */
export function tooManyRequests(message: string, retryAfterSeconds: number): TRPCError {
  return new TRPCError({ code: 'TOO_MANY_REQUESTS', message, cause: new RetryAfter(Math.max(1, Math.ceil(retryAfterSeconds))) });
}

/** The Retry-After seconds an error carries, if any. */
export function retryAfterOf(error: TRPCError | undefined): number | undefined {
  return error?.cause instanceof RetryAfter ? error.cause.seconds : undefined;
}
