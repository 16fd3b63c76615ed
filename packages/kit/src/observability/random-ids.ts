import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace-base';

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** `words` random 32-bit words as lowercase hex, never all zeros (an invalid id in W3C trace context). */
function randomHex(words: number): string {
  for (;;) {
    let hex = '';
    let any = 0;
    for (let i = 0; i < words; i++) {
      const n = (Math.random() * 0x1_0000_0000) >>> 0;
      any |= n;
      hex += HEX[n >>> 24]! + HEX[(n >>> 16) & 0xff]! + HEX[(n >>> 8) & 0xff]! + HEX[n & 0xff]!;
    }
    if (any !== 0) return hex;
  }
}

/**
 * Trace and span ids from Math.random, as the SDK's RandomIdGenerator makes them, but formatted in
 * JavaScript: its Buffer-to-hex call costs a native round trip per id, twice per new trace.
 */
export class HexIdGenerator implements IdGenerator {
  generateTraceId(): string {
    return randomHex(4);
  }

  generateSpanId(): string {
    return randomHex(2);
  }
}

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
