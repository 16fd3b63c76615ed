import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { findUnstorable } from './storable.js';

// A page cursor is opaque to clients, so whatever comes back may be forged: it is decoded, checked for
// storable text and validated against its schema here, and anything else is a 400, never a query.

const BASE64URL = /^[A-Za-z0-9_-]{1,1024}$/;

const invalid = () => new TRPCError({ code: 'BAD_REQUEST', message: 'Invalid cursor' });

export interface CursorCodec<T> {
  encode(value: T): string;
  /** The position a cursor we issued stands for; BAD_REQUEST for any other string. */
  decode(cursor: string): T;
}

/** An opaque cursor: base64url JSON of a value of `schema`. */
export function opaqueCursor<T>(schema: z.ZodType<T>): CursorCodec<T> {
  return {
    encode: (value) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url'),
    decode(cursor) {
      if (!BASE64URL.test(cursor)) throw invalid();
      let raw: unknown;
      try {
        raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw invalid();
      }
      if (findUnstorable(raw) !== null) throw invalid();
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw invalid();
      return parsed.data;
    },
  };
}

/**
 * An ISO timestamp PostgreSQL and JavaScript agree on: years 1970 to 9999 (a year 0000 exists in neither
 * PostgreSQL's calendar nor any cursor we issued).
 */
export const cursorTimestamp = () =>
  z.iso
    .datetime({ offset: true })
    .transform((s) => new Date(s))
    .refine((d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1970 && d.getUTCFullYear() <= 9999, 'Out of range');
