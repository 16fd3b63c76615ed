/**
 * Per-call RPC metrics without prom-client on the request path: prom-client's label children still
 * validate and hash the label object on every inc()/observe(), ~1 µs of a ~25 µs call. Here a call
 * is three nested Map lookups and a few additions; the Prometheus shapes are built only when scraped, by
 * two objects that prom-client's Registry takes as metrics (it needs name, help, type, get() and reset()).
 */

/** A series' labels, in the order prom-client's own metrics would print them (a type: it must fit LabelValues). */
export type RpcLabels = Readonly<{ procedure: string; type: string; code: string }>;

/** One (procedure, type, code) series; the counter and the histogram both report from it. */
interface Series {
  /** One frozen object per series: the Registry caches its formatting of these by identity. */
  readonly labels: RpcLabels;
  count: number;
  sum: number;
  /** Observations per bucket, not cumulative; those above the last bound are only in `count`. */
  readonly perBucket: Float64Array;
}

type LabelValues = Readonly<Record<string, string | number>>;

/** One exported sample, as prom-client's Counter and Histogram produce them. */
export interface MetricSample {
  value: number;
  labels: LabelValues;
  metricName?: string;
  /** Histogram samples: the series' labels, printed after `le` (prom-client's getForPromString). */
  sharedLabels?: LabelValues;
  exemplar?: null;
}

export interface MetricSnapshot {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  values: MetricSample[];
  aggregator: 'sum';
}

/** What prom-client's Registry calls on a registered metric. */
export interface RegistrableMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  get(): Promise<MetricSnapshot>;
  getForPromString?(): Promise<MetricSnapshot>;
  reset(): void;
}

export interface RpcMetricNames {
  name: string;
  help: string;
  /** The labels every series has, in the order they are printed (RpcLabels' order). */
  labelNames: readonly ['procedure', 'type', 'code'];
}

/** Counts and durations of RPC calls by (procedure, type, code), with one histogram bucket layout. */
export class RpcCallStats {
  /** procedure → type → code → series: type and code are constant strings whose hashes V8 caches. */
  private readonly index = new Map<string, Map<string, Map<string, Series>>>();
  /** Series in the order they were first observed, which is the order prom-client exports them in. */
  private series: Series[] = [];
  private readonly bounds: Float64Array;

  constructor(readonly buckets: readonly number[]) {
    this.bounds = Float64Array.from(buckets);
  }

  /** Non-finite values are dropped (prom-client would throw, which the request path must not). */
  record(procedure: string, type: string, code: string, value: number): void {
    if (!Number.isFinite(value)) return;
    const s = this.seriesFor(procedure, type, code);
    // The same additions in the same order as prom-client's observe(), so the sums agree to the bit.
    s.sum += value;
    s.count += 1;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        s.perBucket[i]! += 1;
        return;
      }
    }
  }

  /** Both metrics are views of this store, so resetting either resets both (Registry.resetMetrics() does). */
  reset(): void {
    this.index.clear();
    this.series = [];
  }

  /** `rpc_server_requests_total`-style counter: one sample per series, its call count. */
  counter(names: RpcMetricNames): RegistrableMetric {
    // Keys in prom-client's order (help first for its Counter), so even JSON.stringify output agrees.
    const snapshot = (): MetricSnapshot => ({
      help: names.help,
      name: names.name,
      type: 'counter',
      values: this.series.map((s) => ({ value: s.count, labels: { ...s.labels } })),
      aggregator: 'sum',
    });
    return this.registrable(names, 'counter', snapshot);
  }

  /** Prometheus histogram: cumulative `_bucket{le}` incl. `+Inf`, `_sum` and `_count` per series. */
  histogram(names: RpcMetricNames): RegistrableMetric {
    const bucketName = `${names.name}_bucket`;
    const sumName = `${names.name}_sum`;
    const countName = `${names.name}_count`;
    // As prom-client: samples carry the series' labels as `sharedLabels` for the text format ...
    const forText = (): MetricSnapshot => {
      const values: MetricSample[] = [];
      for (const s of this.series) {
        const sharedLabels = s.labels;
        let cumulative = 0;
        this.buckets.forEach((le, i) => {
          cumulative += s.perBucket[i]!;
          values.push({ labels: { le }, sharedLabels, value: cumulative, metricName: bucketName, exemplar: null });
        });
        values.push(
          { labels: { le: '+Inf' }, sharedLabels, value: s.count, metricName: bucketName, exemplar: null },
          { labels: {}, sharedLabels, value: s.sum, metricName: sumName, exemplar: undefined },
          { labels: {}, sharedLabels, value: s.count, metricName: countName, exemplar: undefined },
        );
      }
      return { name: names.name, help: names.help, type: 'histogram', values, aggregator: 'sum' };
    };
    // ... and merged into `labels` (after `le`) for get() and getMetricsAsJSON().
    const forJson = (): MetricSnapshot => {
      const snapshot = forText();
      snapshot.values = snapshot.values.map(({ labels, sharedLabels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } }));
      return snapshot;
    };
    return { ...this.registrable(names, 'histogram', forJson), getForPromString: () => Promise.resolve(forText()) };
  }

  /** The object prom-client's Registry holds for one of the two metrics. */
  private registrable(names: RpcMetricNames, type: RegistrableMetric['type'], snapshot: () => MetricSnapshot): RegistrableMetric {
    return { name: names.name, help: names.help, type, aggregator: 'sum', get: () => Promise.resolve(snapshot()), reset: () => this.reset() };
  }

  private seriesFor(procedure: string, type: string, code: string): Series {
    let byType = this.index.get(procedure);
    if (!byType) this.index.set(procedure, (byType = new Map<string, Map<string, Series>>()));
    let byCode = byType.get(type);
    if (!byCode) byType.set(type, (byCode = new Map<string, Series>()));
    let s = byCode.get(code);
    if (!s) {
      s = { labels: Object.freeze({ procedure, type, code }), count: 0, sum: 0, perBucket: new Float64Array(this.bounds.length) };
      byCode.set(code, s);
      this.series.push(s);
    }
    return s;
  }
}
