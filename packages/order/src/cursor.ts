import { TRPCError } from '@shop/kit';
import { z } from 'zod';
import type { PageCursor } from './order-store.js';

const decoded = z.tuple([z.iso.datetime(), z.string().min(1).max(100)]);

/** An opaque page cursor: the (createdAt, id) of the last order shown. */
export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

export function decodeCursor(value: string): PageCursor {
  try {
    const [createdAt, id] = decoded.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return { createdAt: new Date(createdAt), id };
  } catch {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'Invalid cursor' });
  }
}
