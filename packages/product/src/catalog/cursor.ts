import { isStorable, TRPCError } from '@shop/kit';

// The list is ordered by id, so the last id seen is the whole position. Opaque to clients.
const PREFIX = 'v1:';

export function encodeCursor(lastId: string): string {
  return Buffer.from(`${PREFIX}${lastId}`, 'utf8').toString('base64url');
}

/** The last id of the previous page; a cursor we did not issue is the client's mistake. */
export function decodeCursor(cursor: string): string {
  const decoded = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  // Text PostgreSQL cannot store would reach it as an error, not as "no more rows".
  if (!decoded.startsWith(PREFIX) || decoded.length === PREFIX.length || !isStorable(decoded)) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'Invalid cursor' });
  }
  return decoded.slice(PREFIX.length);
}
