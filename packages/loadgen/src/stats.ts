import * as hdr from 'hdr-histogram-js';

/** Latency histograms record microseconds: 1 µs resolution up to an hour, 3 significant digits. */
function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });
}

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface ProcedureSummary extends LatencySummary {
  errors: number;
  /** Failed calls by tRPC error code (or TIMEOUT / NETWORK / HTTP_<status>). */
  errorsByCode: Record<string, number>;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

export function summarise(histogram: hdr.Histogram): LatencySummary {
  const count = histogram.totalCount;
  if (count === 0) return { count: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 };
  return {
    count,
    meanMs: round(histogram.mean / 1000),
    p50Ms: round(histogram.getValueAtPercentile(50) / 1000),
    p95Ms: round(histogram.getValueAtPercentile(95) / 1000),
    p99Ms: round(histogram.getValueAtPercentile(99) / 1000),
    maxMs: round(histogram.maxValue / 1000),
  };
}

class ProcedureStats {
  readonly latency = newHistogram();
  errors = 0;
  readonly errorsByCode = new Map<string, number>();
}

/** A window of recent traffic for the live progress line. */
export interface IntervalSnapshot {
  requests: number;
  errors: number;
  seconds: number;
  p99Ms: number;
}

/**
 * Every call's latency and outcome, per procedure. Failed calls are counted by code and their latency is
 * recorded too (a slow timeout is part of what the shopper saw).
 */
export class Stats {
  readonly #procedures = new Map<string, ProcedureStats>();
  readonly #interval = newHistogram();
  #intervalErrors = 0;
  #intervalStarted = performance.now();
  #total = 0;
  #errors = 0;

  record(procedure: string, latencyMs: number, errorCode?: string): void {
    let stats = this.#procedures.get(procedure);
    if (!stats) {
      stats = new ProcedureStats();
      this.#procedures.set(procedure, stats);
    }
    const micros = Math.max(1, Math.round(latencyMs * 1000));
    stats.latency.recordValue(micros);
    this.#interval.recordValue(micros);
    this.#total++;
    if (errorCode !== undefined) {
      stats.errors++;
      stats.errorsByCode.set(errorCode, (stats.errorsByCode.get(errorCode) ?? 0) + 1);
      this.#errors++;
      this.#intervalErrors++;
    }
  }

  get total(): number {
    return this.#total;
  }

  get errors(): number {
    return this.#errors;
  }

  /** Traffic since the previous call, then starts a new window. */
  takeInterval(): IntervalSnapshot {
    const now = performance.now();
    const snapshot = {
      requests: this.#interval.totalCount,
      errors: this.#intervalErrors,
      seconds: (now - this.#intervalStarted) / 1000,
      p99Ms: this.#interval.totalCount === 0 ? 0 : this.#interval.getValueAtPercentile(99) / 1000,
    };
    this.#interval.reset();
    this.#intervalErrors = 0;
    this.#intervalStarted = now;
    return snapshot;
  }

  /** All procedures seen, plus `order` for an ordering of the known ones first. */
  procedures(order: readonly string[] = []): Record<string, ProcedureSummary> {
    const names = [...order.filter((n) => this.#procedures.has(n)), ...[...this.#procedures.keys()].filter((n) => !order.includes(n)).sort()];
    const result: Record<string, ProcedureSummary> = {};
    for (const name of names) {
      const stats = this.#procedures.get(name);
      if (!stats) continue;
      result[name] = {
        ...summarise(stats.latency),
        errors: stats.errors,
        errorsByCode: Object.fromEntries([...stats.errorsByCode].sort(([a], [b]) => a.localeCompare(b))),
      };
    }
    return result;
  }

  /** Every call of every procedure together. */
  overall(): LatencySummary {
    const all = newHistogram();
    for (const stats of this.#procedures.values()) all.add(stats.latency);
    return summarise(all);
  }
}
