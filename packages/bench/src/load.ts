import autocannon from 'autocannon';
import { Recorder } from './recorder.js';

export interface LoadSpec {
  /** Origin, e.g. http://127.0.0.1:3001. */
  url: string;
  connections: number;
  /** The sequence each connection repeats. */
  requests: (recorder: Recorder) => autocannon.Request[];
  /** Measure every response (true) or only those a request's onResponse flags. */
  measureAll: boolean;
  /** Failures outside the measured responses since the last call (e.g. the order scenario's cart refills). */
  takeExtraErrors?: () => Record<string, number>;
  /** Waits for work the scenario started off the clock. */
  settle?: () => Promise<void>;
}

export interface LoadResult {
  requestsPerS: number;
  count: number;
  p50Ms: number;
  p99Ms: number;
  /** Every failure: connection errors and timeouts, non-2xx on any request, bad bodies. */
  errors: number;
  errorsByCode: Record<string, number>;
  durationS: number;
  /** Failures during the warm-up, whose numbers are otherwise dropped. */
  warmupErrors: number;
}

async function fire(spec: LoadSpec, seconds: number): Promise<Omit<LoadResult, 'warmupErrors'>> {
  const recorder = new Recorder(spec.measureAll);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: spec.url, connections: spec.connections, pipelining: 1, duration: seconds, timeout: 10, requests: spec.requests(recorder) },
      (err: unknown, res) => (err ? reject(err instanceof Error ? err : new Error('autocannon failed')) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => recorder.onResponse(statusCode, responseTime));
  });
  await spec.settle?.();
  const measured = recorder.result();
  const extra = spec.takeExtraErrors?.() ?? {};
  const errorsByCode = { ...measured.errorsByCode, ...extra };
  if (result.errors > 0) errorsByCode.connection = result.errors - result.timeouts;
  if (result.timeouts > 0) errorsByCode.timeout = result.timeouts;
  for (const code of Object.keys(errorsByCode)) if (errorsByCode[code] === 0) delete errorsByCode[code];
  return {
    requestsPerS: result.duration > 0 ? measured.count / result.duration : 0,
    count: measured.count,
    p50Ms: measured.p50Ms,
    p99Ms: measured.p99Ms,
    errors: result.errors + result.non2xx + measured.bodyErrors + Object.values(extra).reduce((a, b) => a + b, 0),
    errorsByCode,
    durationS: result.duration,
  };
}

/** A warm-up (JIT, pools, caches; its numbers dropped), then the measured run. */
export async function measure(spec: LoadSpec, warmupS: number, seconds: number): Promise<LoadResult> {
  const warmup = warmupS > 0 ? await fire(spec, warmupS) : undefined;
  return { ...(await fire(spec, seconds)), warmupErrors: warmup?.errors ?? 0 };
}
