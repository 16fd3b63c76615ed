import { cursorTimestamp, opaqueCursor, storableText } from '@shop/kit';
import { z } from 'zod';
import type { PageCursor } from './order-store.js';

/** An opaque page cursor: the (createdAt, id) of the last order shown; a forged one is a 400 (the kit checks it). */
const codec = opaqueCursor(z.tuple([cursorTimestamp(), storableText().min(1).max(100)]));

export function encodeCursor(cursor: PageCursor): string {
  // JSON writes the Date as its ISO string, which cursorTimestamp reads back.
  return codec.encode([cursor.createdAt, cursor.id]);
}

export function decodeCursor(value: string): PageCursor {
  const [createdAt, id] = codec.decode(value);
  return { createdAt, id };
}
