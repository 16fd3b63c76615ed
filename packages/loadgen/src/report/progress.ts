import type { IntervalSnapshot, Stats } from '../stats.js';
import { ms } from './table.js';

export function progressLine(elapsedS: number, stats: Stats, window: IntervalSnapshot): string {
  const rate = window.seconds > 0 ? window.requests / window.seconds : 0;
  const errorPct = stats.total === 0 ? 0 : (stats.errors / stats.total) * 100;
  return (
    `[${elapsedS.toFixed(0).padStart(4)}s] ${String(stats.total).padStart(7)} req  ${rate.toFixed(1).padStart(7)} req/s  ` +
    `errors ${stats.errors} (${errorPct.toFixed(2)}%)  p99 ${ms(window.p99Ms)} ms`
  );
}

/**
 * The live line on stderr: redrawn each second on a terminal; on a log (a pod) one line every
 * `everySec`, with rate and p99 over that window.
 */
export function startProgress(stats: Stats, stream: NodeJS.WriteStream, everySec: number): () => void {
  const started = performance.now();
  const tty = stream.isTTY === true;
  const timer = setInterval(
    () => {
      const line = progressLine((performance.now() - started) / 1000, stats, stats.takeInterval());
      stream.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    },
    tty ? 1000 : everySec * 1000,
  );
  timer.unref();
  return () => {
    clearInterval(timer);
    if (tty) stream.write('\r\x1b[2K');
  };
}
