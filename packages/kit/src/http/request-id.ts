import { randomFillSync } from 'node:crypto';

/** Random bytes for this many request ids are drawn at a time, as crypto.randomUUID draws them. */
const POOLED_IDS = 256;
const pool = Buffer.allocUnsafe(16 * POOLED_IDS);
let pooled = POOLED_IDS;
const text = Buffer.allocUnsafe(36);
const DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/**
 * A random (version 4) UUID like crypto.randomUUID's, but made as one flat string. randomUUID's is a chain
 * of 20 concatenations, which V8 flattens when it is first read (the response header check reads it), at
 * a cost of more than making it.
 */
export function randomRequestId(): string {
  if (pooled === POOLED_IDS) {
    randomFillSync(pool);
    pooled = 0;
  }
  const at = 16 * pooled++;
  let j = 0;
  for (let i = 0; i < 16; i++) {
    let byte = pool[at + i] as number;
    if (i === 6) byte = (byte & 0x0f) | 0x40; // version 4
    else if (i === 8) byte = (byte & 0x3f) | 0x80; // RFC 9562 variant
    if (i === 4 || i === 6 || i === 8 || i === 10) text[j++] = 0x2d; // '-'
    text[j++] = DIGITS[byte >> 4] as number;
    text[j++] = DIGITS[byte & 0x0f] as number;
  }
  return text.toString('latin1');
}
