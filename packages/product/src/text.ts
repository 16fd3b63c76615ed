import { z } from 'zod';

// PostgreSQL text rejects NUL, and a lone UTF-16 surrogate cannot round-trip: both are the client's mistake.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string the database can store as given. */
export const text = () => z.string().refine((s) => !UNSTORABLE.test(s), 'Contains characters that cannot be stored');
