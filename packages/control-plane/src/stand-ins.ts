import type { Manifest } from './kubectl.js';

// Pods that no manifest of ours spells out but that the cluster runs: the charts we cannot
// render offline (Prometheus, Grafana, Jaeger, Kiali, the CloudNativePG operator) and the
// database pods the operator creates for each Cluster. Each becomes a Deployment of pause
// pods with exactly the requests our values give them, so the scheduler counts them and the
// footprint is the cluster's, not just the shop's.

type Requests = Record<string, string>;

/** The first `resources.requests` in a chart's values, depth first (server.resources, deployment.resources, …). */
export function firstRequests(values: unknown): Requests | undefined {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return undefined;
  const v = values as Record<string, unknown>;
  const r = v.resources as { requests?: Requests } | undefined;
  if (r?.requests && typeof r.requests === 'object') return r.requests;
  for (const child of Object.values(v)) {
    const found = firstRequests(child);
    if (found) return found;
  }
  return undefined;
}

function standIn(name: string, namespace: string, requests: Requests, replicas: number, labels: Record<string, string>, affinity?: unknown): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `stand-in-${name}`, namespace, labels: { 'shop.test/stand-in': name } },
    spec: {
      replicas,
      selector: { matchLabels: { 'shop.test/stand-in': name } },
      template: {
        // Not meshed: a stand-in only holds requests (its real pod's sidecar is not counted).
        metadata: { labels: { 'shop.test/stand-in': name, 'sidecar.istio.io/inject': 'false', ...labels }, annotations: { 'sidecar.istio.io/inject': 'false' } },
        spec: { ...(affinity ? { affinity } : {}), containers: [{ name: 'stand-in', image: 'registry.k8s.io/pause:3.10', resources: { requests } }] },
      },
    },
  };
}

interface App {
  metadata?: { name?: string };
  spec?: { source?: { chart?: string; helm?: { valuesObject?: unknown } }; destination?: { namespace?: string } };
}

/** Stand-ins for the chart Applications not rendered here (every chart but Istio's). */
export function chartStandIns(applications: readonly Manifest[], rendered: readonly string[]): Manifest[] {
  const out: Manifest[] = [];
  for (const a of applications as readonly App[]) {
    const name = a.metadata?.name ?? '';
    if (!a.spec?.source?.chart || rendered.includes(name)) continue;
    const requests = firstRequests(a.spec.source.helm?.valuesObject);
    if (!requests) throw new Error(`Application ${name} sets no resources.requests: its footprint cannot be counted`);
    out.push(standIn(name, a.spec.destination?.namespace ?? 'default', requests, 1, {}));
  }
  return out;
}

interface CnpgCluster {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: { instances?: number; resources?: { requests?: Requests }; affinity?: { enablePodAntiAffinity?: boolean; podAntiAffinityType?: string; topologyKey?: string } };
}

/** Stand-ins for the instances of each CloudNativePG Cluster, with its anti-affinity as the operator sets it. */
export function databaseStandIns(objects: readonly Manifest[]): Manifest[] {
  return (objects as readonly CnpgCluster[])
    .filter((c) => c.kind === 'Cluster')
    .map((c) => {
      const name = c.metadata?.name ?? '';
      const aff = c.spec?.affinity;
      const term = { labelSelector: { matchLabels: { 'cnpg.io/cluster': name } }, topologyKey: aff?.topologyKey ?? 'kubernetes.io/hostname' };
      const affinity =
        aff?.enablePodAntiAffinity === false
          ? undefined
          : aff?.podAntiAffinityType === 'required'
            ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } }
            : { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
      return standIn(`db-${name}`, c.metadata?.namespace ?? 'default', c.spec?.resources?.requests ?? {}, c.spec?.instances ?? 1, { 'cnpg.io/cluster': name }, affinity);
    });
}
