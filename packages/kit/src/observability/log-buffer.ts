import { writeSync } from 'node:fs';
import type { DestinationStream } from 'pino';

/** Bytes gathered before one write. */
export const CHUNK_BYTES = 65_536;

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `bytes` to `fd` before returning, as pino's synchronous destination does: a non-blocking
 * pipe that is full (EAGAIN) is waited for, a partial write continued. Any other failure (the reader is
 * gone) drops the chunk: a service keeps serving when its log collector breaks.
 */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return;
      Atomics.wait(pause, 0, 0, 10);
    }
  }
}

/**
 * Log lines gathered as UTF-8 bytes in one chunk and handed to `out` about 64 KiB at a time, rather than
 * one write per line (a syscall per request costs more than the request). Lines go into the chunk as they
 * come: joining strings first made V8 flatten and then encode each line twice over. The owner flushes
 * on a timer and at exit; `out` must be done with the bytes when it returns (a write that is synchronous),
 * so nothing is in flight when the process exits.
 */
export class LogBuffer implements DestinationStream {
  #chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  #used = 0;

  constructor(private readonly out: (bytes: Buffer) => void) {}

  /** A line of any text. */
  write(line: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8.
    this.#append(line, line.length * 3, 'utf8');
  }

  /**
   * A line the caller knows to be ASCII, for which Latin-1 and UTF-8 are the same bytes: copied straight
   * from V8's concatenated string, without flattening it into a new one first as UTF-8 encoding does.
   */
  writeAscii(line: string): void {
    this.#append(line, line.length, 'latin1');
  }

  /** Hands what is gathered to `out`. */
  flushSync(): void {
    if (this.#used === 0) return;
    const full = this.#chunk.subarray(0, this.#used);
    this.#chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    this.#used = 0;
    this.out(full);
  }

  flush(cb?: (err?: Error) => void): void {
    try {
      this.flushSync();
      cb?.();
    } catch (err) {
      cb?.(err as Error);
    }
  }

  /** Into the chunk (flushed first when `maxBytes` more would not fit), or on its own when it never would. */
  #append(line: string, maxBytes: number, encoding: 'utf8' | 'latin1'): void {
    if (this.#used + maxBytes > CHUNK_BYTES) this.flushSync();
    if (maxBytes <= CHUNK_BYTES) this.#used += this.#chunk.write(line, this.#used, encoding);
    else this.out(Buffer.from(line, encoding));
  }
}
