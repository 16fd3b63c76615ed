// Which tracing provider and sampling rate a proxy gets, computed the way istiod does
// (pilot/pkg/model/telemetry.go, Telemetries.Tracing): meshConfig.defaultProviders.tracing first,
// then the root namespace's Telemetry, the proxy's namespace-wide Telemetry, and Telemetries whose
// selector matches its pod labels, each later one overriding the fields it sets.

export interface MeshConfig {
  rootNamespace?: string;
  defaultProviders?: { tracing?: string[] };
  extensionProviders?: { name: string; opentelemetry?: { service: string; port: number } }[];
  defaultConfig?: { tracing?: { sampling?: number } };
}

interface TracingEntry {
  providers?: { name: string }[];
  randomSamplingPercentage?: number;
  disableSpanReporting?: boolean;
}

export interface TelemetryObject {
  metadata: { name: string; namespace?: string };
  spec?: { selector?: { matchLabels?: Record<string, string> }; targetRefs?: unknown[]; tracing?: TracingEntry[] };
}

export interface Proxy {
  /** e.g. `istio-ingress/istio-ingressgateway` */
  name: string;
  namespace: string;
  labels: Record<string, string>;
}

export interface EffectiveTracing {
  provider?: string;
  /** Percent; `undefined` means istiod's fallback (defaultConfig.tracing.sampling, else PILOT_TRACE_SAMPLING = 1 %). */
  randomSamplingPercentage?: number;
  /** The Telemetry resources that applied, least specific first. */
  from: string[];
  disabled: boolean;
}

const ref = (t: TelemetryObject) => `${t.metadata.namespace ?? '?'}/${t.metadata.name}`;
const namespaceWide = (t: TelemetryObject) => !t.spec?.selector && !t.spec?.targetRefs?.length;

export function effectiveTracing(mesh: MeshConfig, telemetries: readonly TelemetryObject[], proxy: Proxy): EffectiveTracing {
  const root = mesh.rootNamespace ?? 'istio-system';
  const inNs = (ns: string) => telemetries.filter((t) => t.metadata.namespace === ns);
  const applicable = [
    ...inNs(root).filter(namespaceWide),
    ...(proxy.namespace !== root ? inNs(proxy.namespace).filter(namespaceWide) : []),
    ...inNs(proxy.namespace).filter((t) => {
      const sel = t.spec?.selector?.matchLabels;
      return sel !== undefined && Object.entries(sel).every(([k, v]) => proxy.labels[k] === v);
    }),
  ];
  const known = new Set((mesh.extensionProviders ?? []).map((p) => p.name));
  const fetch = (name: string | undefined) => (name !== undefined && known.has(name) ? name : undefined);
  let provider = fetch(mesh.defaultProviders?.tracing?.[0]);
  let rate: number | undefined;
  let disabled = false;
  for (const t of applicable)
    for (const entry of t.spec?.tracing ?? []) {
      if (entry.providers?.length) provider = fetch(entry.providers[0]?.name);
      if (entry.randomSamplingPercentage !== undefined) rate = entry.randomSamplingPercentage;
      if (entry.disableSpanReporting !== undefined) disabled = entry.disableSpanReporting;
    }
  return { provider, randomSamplingPercentage: rate, from: applicable.map(ref), disabled: disabled || provider === undefined };
}

/**
 * One trace from the gateway through every hop: the gateway and every workload report to a
 * declared provider, and the only sampling rate is set in the root namespace (so the gateway,
 * the edge, decides, and no Telemetry nearer a service decides again mid-trace).
 */
export function tracingProblems(mesh: MeshConfig, telemetries: readonly TelemetryObject[], gateway: Proxy, workloads: readonly Proxy[]): string[] {
  const problems: string[] = [];
  const root = mesh.rootNamespace ?? 'istio-system';
  for (const proxy of [gateway, ...workloads]) {
    const t = effectiveTracing(mesh, telemetries, proxy);
    if (t.disabled)
      problems.push(
        `${proxy.name}: sends no spans (no tracing provider from meshConfig.defaultProviders.tracing or a Telemetry; the chart's legacy tracer is "none")`,
      );
  }
  const gw = effectiveTracing(mesh, telemetries, gateway);
  if (gw.randomSamplingPercentage === undefined)
    problems.push(`${gateway.name}: no Telemetry in the root namespace ${root} sets randomSamplingPercentage, so the gateway samples at istiod's 1 % fallback`);
  for (const t of telemetries)
    if (t.metadata.namespace !== root && (t.spec?.tracing ?? []).some((e) => e.randomSamplingPercentage !== undefined))
      problems.push(`Telemetry ${ref(t)}: sets randomSamplingPercentage outside the root namespace: sampling is decided once, at the gateway`);
  return problems;
}
