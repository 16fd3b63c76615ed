import { TRPCError } from '@trpc/server';
import { z } from 'zod';

// PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate has no UTF-8 form: either one reaching the
// database is an error there (a 500), though it is the client's mistake (a 400). The kit refuses both in
// every input before any procedure sees it, so no service has to remember to.

/** Any NUL or surrogate at all: rare, so the exact test below runs only on strings that have one. */
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when PostgreSQL can store `text` as given. */
export function isStorable(text: string): boolean {
  return !SUSPECT.test(text) || !UNSTORABLE.test(text);
}

/** Where in `value` (a parsed JSON input) the first string PostgreSQL cannot store is, or null. Keys count too. */
export function findUnstorable(value: unknown): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop() as { value: unknown; path: string };
    if (typeof current === 'string') {
      if (!isStorable(current)) return path || '(input)';
    } else if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) stack.push({ value: current[i], path: `${path}[${i}]` });
    } else if (current !== null && typeof current === 'object') {
      for (const key of Object.keys(current)) {
        if (!isStorable(key)) return `${path}(a key)`;
        stack.push({ value: (current as Record<string, unknown>)[key], path: path ? `${path}.${key}` : key });
      }
    }
  }
  return null;
}

/** Throws BAD_REQUEST when `input` holds text PostgreSQL cannot store; returns it otherwise. */
export function assertStorable<T>(input: T): T {
  const at = findUnstorable(input);
  if (at !== null) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `Input holds text that cannot be stored (a NUL or a lone surrogate) at ${at}` });
  }
  return input;
}

/** A zod string PostgreSQL can store, for values that do not come straight from a request (e.g. a decoded cursor). */
export const storableText = () => z.string().refine(isStorable, 'Contains characters that cannot be stored');
