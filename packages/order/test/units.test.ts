// The small pure pieces, without processes.
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../src/cursor.js';
import { failureError, isDefiniteRefusal, reserveFailureReason } from '../src/failures.js';

const clientError = (code: string) =>
  new TRPCClientError('downstream', { result: { error: { code: -1, message: 'x', data: { code, httpStatus: 409 } } } as never });

describe('page cursor', () => {
  it('round-trips the last order shown and refuses anything else', () => {
    const cursor = { createdAt: new Date('2026-01-02T03:04:05.678Z'), id: 'b9f1' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    for (const bad of ['', 'x', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["not a date","id"]').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    }
  });
});

describe('failure reasons', () => {
  it('maps product.reserve refusals and outages to reasons, and reasons to client errors', () => {
    expect(reserveFailureReason(clientError('CONFLICT'))).toBe('out_of_stock');
    expect(reserveFailureReason(clientError('NOT_FOUND'))).toBe('product_unavailable');
    expect(reserveFailureReason(clientError('SERVICE_UNAVAILABLE'))).toBe('dependency_unavailable');
    expect(reserveFailureReason(new TRPCClientError('fetch failed'))).toBe('dependency_unavailable');
    expect(reserveFailureReason(new Error('a bug of ours'))).toBe('internal');
    expect(isDefiniteRefusal('out_of_stock')).toBe(true);
    expect(isDefiniteRefusal('dependency_unavailable')).toBe(false);
    expect(failureError('o1', 'out_of_stock').code).toBe('CONFLICT');
    expect(failureError('o1', 'dependency_unavailable').code).toBe('SERVICE_UNAVAILABLE');
    expect(failureError('o1', 'something new').code).toBe('INTERNAL_SERVER_ERROR');
  });
});
