import type { Kubectl } from './kubectl.js';
import { formatCpu, formatMemory, parseQuantity } from './quantity.js';

interface Meta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  ownerReferences?: { kind: string; name: string }[];
}
interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface Container {
  name: string;
  restartPolicy?: string;
  resources?: { requests?: Record<string, string> };
}
export interface Pod {
  metadata: Meta;
  spec: { nodeName?: string; containers: Container[]; initContainers?: Container[] };
  status?: { phase?: string; conditions?: Condition[] };
}
interface Workload {
  kind: string;
  metadata: Meta;
  spec: { replicas?: number; selector?: LabelSelector };
  status?: { conditions?: Condition[] };
}
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function selects(selector: LabelSelector | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const value = labels[e.key];
    if (e.operator === 'In' && !(value !== undefined && (e.values ?? []).includes(value))) return false;
    if (e.operator === 'NotIn' && value !== undefined && (e.values ?? []).includes(value)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

const id = (m: Meta) => `${m.namespace ?? ''}/${m.name}`;

/** Why a workload has fewer pods than it asks for: its ReplicaSet's (or its own) FailedCreate message. */
async function failedCreate(kubectl: Kubectl, w: Workload, replicaSets: Workload[]): Promise<string> {
  const own = [w, ...replicaSets.filter((rs) => rs.metadata.namespace === w.metadata.namespace && rs.metadata.ownerReferences?.some((o) => o.kind === w.kind && o.name === w.metadata.name))];
  for (const o of own) {
    const c = o.status?.conditions?.find((x) => x.type === 'ReplicaFailure' && x.status === 'True');
    if (c) return c.message ?? c.reason ?? 'ReplicaFailure';
  }
  const events = await kubectl.list<{ reason?: string; message?: string; involvedObject: { name: string; kind: string } }>('events', w.metadata.namespace);
  const e = events.filter((x) => x.reason === 'FailedCreate' && own.some((o) => o.metadata.name === x.involvedObject.name)).pop();
  return e?.message ?? 'no pod created yet';
}

export interface Placement {
  pods: Pod[];
  /** One line per pod or workload that is not placed, naming it and the scheduler's reason. */
  problems: string[];
}

/**
 * Waits until every Deployment's and StatefulSet's pods exist, are bound to a node and Running
 * (kwok runs them), or the time is up. Returns what is still wrong, by name.
 */
export async function waitForPlacement(kubectl: Kubectl, timeoutMs: number): Promise<Placement> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [deployments, statefulSets, replicaSets, pods] = await Promise.all([
      kubectl.list<Workload>('deployments'),
      kubectl.list<Workload>('statefulsets'),
      kubectl.list<Workload>('replicasets'),
      kubectl.list<Pod>('pods'),
    ]);
    const problems: string[] = [];
    for (const w of [...deployments.map((d) => ({ ...d, kind: 'Deployment' })), ...statefulSets.map((s) => ({ ...s, kind: 'StatefulSet' }))]) {
      const mine = pods.filter((p) => p.metadata.namespace === w.metadata.namespace && selects(w.spec.selector, p.metadata.labels));
      const want = w.spec.replicas ?? 1;
      if (mine.length < want) problems.push(`${w.kind} ${id(w.metadata)}: ${mine.length}/${want} pods exist (${await failedCreate(kubectl, w, replicaSets)})`);
    }
    for (const p of pods) {
      if (!p.spec.nodeName) {
        const c = p.status?.conditions?.find((x) => x.type === 'PodScheduled');
        problems.push(`Pod ${id(p.metadata)} is not scheduled: ${c?.message ?? c?.reason ?? 'not yet considered'}`);
      } else if (p.status?.phase !== 'Running' && p.status?.phase !== 'Succeeded') {
        problems.push(`Pod ${id(p.metadata)} on ${p.spec.nodeName} is ${p.status?.phase ?? 'without a phase'}`);
      }
    }
    if (problems.length === 0 || Date.now() > deadline) return { pods, problems };
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** A pod's effective requests as the scheduler counts them (sidecar init containers included). */
export function podRequests(p: Pod): { cpu: number; memory: number } {
  const sum = (cs: Container[], key: string) => cs.reduce((t, c) => t + parseQuantity(c.resources?.requests?.[key] ?? '0'), 0);
  const sidecars = (p.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  const inits = (p.spec.initContainers ?? []).filter((c) => c.restartPolicy !== 'Always');
  const one = (key: string) => Math.max(sum(p.spec.containers, key) + sum(sidecars, key), ...inits.map((c) => sum([c], key) + sum(sidecars, key)));
  return { cpu: one('cpu'), memory: one('memory') };
}

export interface Footprint {
  byNamespace: Record<string, { pods: number; cpu: number; memory: number }>;
  total: { pods: number; cpu: number; memory: number };
}

export function footprint(pods: readonly Pod[]): Footprint {
  const byNamespace: Footprint['byNamespace'] = {};
  const total = { pods: 0, cpu: 0, memory: 0 };
  for (const p of pods) {
    const r = podRequests(p);
    const ns = (byNamespace[p.metadata.namespace ?? ''] ??= { pods: 0, cpu: 0, memory: 0 });
    for (const t of [ns, total]) {
      t.pods += 1;
      t.cpu += r.cpu;
      t.memory += r.memory;
    }
  }
  return { byNamespace, total };
}

/** The footprint as a table against a node's allocatable CPU and memory. */
export function formatFootprint(f: Footprint, node: { cpu: number; memory: number }): string {
  const pct = (a: number, b: number) => `${Math.round((100 * a) / b)} %`;
  const rows = Object.entries(f.byNamespace)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ns, r]) => `| ${ns} | ${r.pods} | ${formatCpu(r.cpu)} | ${formatMemory(r.memory)} |`);
  return [
    '| namespace | pods | CPU requested | memory requested |',
    '| --- | --- | --- | --- |',
    ...rows,
    `| **total** | ${f.total.pods} | ${formatCpu(f.total.cpu)} (${pct(f.total.cpu, node.cpu)} of ${formatCpu(node.cpu)}) | ${formatMemory(f.total.memory)} (${pct(f.total.memory, node.memory)} of ${formatMemory(node.memory)}) |`,
  ].join('\n');
}

interface Selecting {
  kind: string;
  metadata: Meta;
  spec: { selector?: LabelSelector | Record<string, string>; scaleTargetRef?: { kind: string; name: string } };
}

/** Every Service, HPA and PodDisruptionBudget in the namespaces must select something that exists. */
export async function selectorProblems(kubectl: Kubectl, namespaces: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const ns of namespaces) {
    const [services, hpas, pdbs, pods] = await Promise.all([
      kubectl.list<Selecting>('services', ns),
      kubectl.list<Selecting>('horizontalpodautoscalers', ns),
      kubectl.list<Selecting>('poddisruptionbudgets', ns),
      kubectl.list<Pod>('pods', ns),
    ]);
    for (const s of services) {
      const sel = s.spec.selector as Record<string, string> | undefined;
      if (!sel || Object.keys(sel).length === 0) continue; // headless/manual endpoints: nothing to select
      if (!pods.some((p) => selects({ matchLabels: sel }, p.metadata.labels))) problems.push(`Service ${id(s.metadata)} selects no pod (${JSON.stringify(sel)})`);
    }
    for (const p of pdbs) {
      if (!pods.some((pod) => selects(p.spec.selector, pod.metadata.labels))) problems.push(`PodDisruptionBudget ${id(p.metadata)} selects no pod`);
    }
    for (const h of hpas) {
      const t = h.spec.scaleTargetRef;
      if (!t) continue;
      const r = await kubectl.exec(['get', t.kind, t.name, '-n', ns, '-o', 'name']);
      if (r.code !== 0) problems.push(`HorizontalPodAutoscaler ${id(h.metadata)} scales ${t.kind} ${t.name}, which does not exist`);
    }
  }
  return problems;
}
