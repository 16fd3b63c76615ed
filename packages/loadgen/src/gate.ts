import { setTimeout as sleep } from 'node:timers/promises';

export interface GateOptions {
  /** Requests per second across every shopper; 0 = no pacing. */
  rate: number;
  /** Total requests allowed; undefined = unbounded. */
  budget: number | undefined;
  /** Seconds until the gate closes; 0 = never by time. */
  durationS: number;
}

/**
 * Every request passes the gate first. It spaces requests evenly to hold the target rate, spends the
 * request budget, and closes when the time is up or `close()` is called (Ctrl-C, SIGTERM).
 */
export class Gate {
  readonly #interval: number;
  readonly #deadline: number;
  #budget: number;
  #nextSlot = performance.now();
  #closed = false;
  readonly #closedSignal = new AbortController();

  constructor(options: GateOptions) {
    this.#interval = options.rate > 0 ? 1000 / options.rate : 0;
    this.#budget = options.budget ?? Number.POSITIVE_INFINITY;
    this.#deadline = options.durationS > 0 ? performance.now() + options.durationS * 1000 : Number.POSITIVE_INFINITY;
  }

  /** True once the time is up, the budget is spent or close() was called. */
  get closed(): boolean {
    return this.#closed || this.#budget <= 0 || performance.now() >= this.#deadline;
  }

  /** Aborts when the gate closes, so waiting shoppers stop at once. */
  get signal(): AbortSignal {
    return this.#closedSignal.signal;
  }

  close(): void {
    this.#closed = true;
    this.#closedSignal.abort();
  }

  /** Resolves true when a request may go now, false when the run is over. */
  async pass(): Promise<boolean> {
    if (this.closed) return false;
    this.#budget--;
    if (this.#interval === 0) return true;
    const now = performance.now();
    // A slot left unused in the past is not saved up: no bursts after a slow stretch.
    const slot = Math.max(this.#nextSlot, now);
    this.#nextSlot = slot + this.#interval;
    const wait = slot - now;
    if (wait >= 1) {
      try {
        await sleep(wait, undefined, { signal: this.#closedSignal.signal });
      } catch {
        return false;
      }
    }
    return !this.#closed && performance.now() < this.#deadline;
  }
}
