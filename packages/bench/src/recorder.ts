import * as hdr from 'hdr-histogram-js';

export interface Measured {
  count: number;
  p50Ms: number;
  p99Ms: number;
  /** Failures among measured responses by kind (HTTP_<status>, or what a body check found). */
  errorsByCode: Record<string, number>;
  /** 2xx responses whose body was wrong (an order that is not CONFIRMED). */
  bodyErrors: number;
}

/**
 * Latencies (µs, HDR) of the responses a scenario measures. A one-request scenario measures every
 * response; a sequence (add to cart, then place the order) flags the one it measures from its
 * onResponse hook, which autocannon calls just before its `response` event for the same response.
 */
export class Recorder {
  readonly #histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
  readonly #errors = new Map<string, number>();
  #count = 0;
  #bodyErrors = 0;
  #flagged: { error: string | undefined } | undefined;

  constructor(private readonly measureAll: boolean) {}

  /** From a request's onResponse: the next response event is a measured one, with this body verdict. */
  flag(error?: string): void {
    this.#flagged = { error };
  }

  onResponse(statusCode: number, responseTimeMs: number): void {
    if (!this.measureAll && !this.#flagged) return;
    const bodyError = this.#flagged?.error;
    this.#flagged = undefined;
    this.#count++;
    this.#histogram.recordValue(Math.max(1, Math.round(responseTimeMs * 1000)));
    const error = statusCode >= 300 ? `HTTP_${statusCode}` : bodyError;
    if (statusCode < 300 && bodyError) this.#bodyErrors++;
    if (error) this.#errors.set(error, (this.#errors.get(error) ?? 0) + 1);
  }

  result(): Measured {
    const at = (p: number) => (this.#count === 0 ? 0 : Math.round(this.#histogram.getValueAtPercentile(p)) / 1000);
    return {
      count: this.#count,
      p50Ms: at(50),
      p99Ms: at(99),
      errorsByCode: Object.fromEntries(this.#errors),
      bodyErrors: this.#bodyErrors,
    };
  }
}
