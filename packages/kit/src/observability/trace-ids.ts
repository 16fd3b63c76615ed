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
