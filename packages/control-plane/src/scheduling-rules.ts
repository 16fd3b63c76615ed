import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Manifest } from './kubectl.js';
import { selects, type LabelSelector } from './placement.js';

// What no real component judges: the API server stores, the scheduler obeys and kustomize
// renders all of these without a word, yet each one means the manifest does not do what it says.

interface Meta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
}
interface Workload {
  kind?: string;
  metadata?: Meta;
  spec?: {
    replicas?: number;
    template?: { metadata?: Meta; spec?: { topologySpreadConstraints?: { topologyKey?: string; labelSelector?: LabelSelector }[] } };
    selector?: LabelSelector;
    minReplicas?: number;
    scaleTargetRef?: { kind?: string; name?: string };
    minAvailable?: number | string;
    maxUnavailable?: number | string;
  };
}

const nameOf = (o: Workload) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/** A topology spread whose labelSelector does not select the pod's own labels counts nothing. */
export function spreadSelectsNothing(objects: readonly Manifest[]): string[] {
  const problems: string[] = [];
  for (const w of (objects as readonly Workload[]).filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')) {
    const labels = w.spec?.template?.metadata?.labels;
    for (const [i, c] of (w.spec?.template?.spec?.topologySpreadConstraints ?? []).entries()) {
      if (!selects(c.labelSelector, labels)) problems.push(`${w.kind} ${nameOf(w)}: topologySpreadConstraints[${i}] (${c.topologyKey ?? '?'}) selects none of its own pods`);
    }
  }
  return problems;
}

/** A PodDisruptionBudget that allows no eviction at the workload's smallest size blocks every node drain. */
export function pdbBlocksDrains(objects: readonly Manifest[]): string[] {
  const all = objects as readonly Workload[];
  const problems: string[] = [];
  for (const pdb of all.filter((o) => o.kind === 'PodDisruptionBudget')) {
    for (const w of all.filter((o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata?.namespace === pdb.metadata?.namespace)) {
      if (!selects(pdb.spec?.selector, w.spec?.template?.metadata?.labels)) continue;
      const hpa = all.find((h) => h.kind === 'HorizontalPodAutoscaler' && h.metadata?.namespace === w.metadata?.namespace && h.spec?.scaleTargetRef?.name === w.metadata?.name);
      const smallest = hpa ? (hpa.spec?.minReplicas ?? 1) : (w.spec?.replicas ?? 1);
      const { minAvailable, maxUnavailable } = pdb.spec ?? {};
      const pct = (v: string) => Number(v.replace('%', '')) / 100;
      const allowed =
        maxUnavailable !== undefined
          ? typeof maxUnavailable === 'number'
            ? maxUnavailable
            : Math.ceil(pct(maxUnavailable) * smallest)
          : minAvailable !== undefined
            ? smallest - (typeof minAvailable === 'number' ? minAvailable : Math.ceil(pct(minAvailable) * smallest))
            : smallest;
      if (allowed <= 0) problems.push(`PodDisruptionBudget ${nameOf(pdb)} allows no eviction of ${w.kind} ${nameOf(w)} at ${smallest} replica(s): every node drain blocks`);
    }
  }
  return problems;
}

interface PatchTarget {
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
}

/** kustomize's labelSelector strings: `a=b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, comma separated. */
function parseSelector(s: string): LabelSelector {
  const sel: Required<LabelSelector> = { matchLabels: {}, matchExpressions: [] };
  for (const part of s.match(/[^,(]+(\([^)]*\))?/g) ?? []) {
    const p = part.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) sel.matchExpressions.push({ key: m[1]!, operator: m[2] === 'in' ? 'In' : 'NotIn', values: m[3]!.split(',').map((v) => v.trim()) });
    else if ((m = /^(\S+?)\s*!=\s*(\S+)$/.exec(p))) sel.matchExpressions.push({ key: m[1]!, operator: 'NotIn', values: [m[2]!] });
    else if ((m = /^(\S+?)\s*==?\s*(\S+)$/.exec(p))) sel.matchLabels[m[1]!] = m[2]!;
    else if ((m = /^!(\S+)$/.exec(p))) sel.matchExpressions.push({ key: m[1]!, operator: 'DoesNotExist' });
    else if (p !== '') sel.matchExpressions.push({ key: p, operator: 'Exists' });
  }
  return sel;
}

interface Kustomization {
  patches?: { target?: PatchTarget }[];
  components?: string[];
}

/**
 * Each patch target of a kustomization (and of the components it uses) must match at least one
 * rendered object: kustomize skips a target that matches nothing without a word.
 */
export function patchTargetsMatchNothing(dir: string, rendered: readonly Manifest[], kustomizationText?: string): string[] {
  const k = parse(kustomizationText ?? readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  const problems: string[] = [];
  const check = (where: string, patches: Kustomization['patches']) => {
    for (const [i, p] of (patches ?? []).entries()) {
      const t = p.target;
      if (!t) continue;
      const sel = t.labelSelector ? parseSelector(t.labelSelector) : undefined;
      const hit = (rendered as readonly Workload[]).some(
        (o) =>
          (t.kind === undefined || o.kind === t.kind) &&
          (t.name === undefined || new RegExp(`^${t.name}$`).test(o.metadata?.name ?? '')) &&
          (t.namespace === undefined || o.metadata?.namespace === t.namespace) &&
          (sel === undefined || selects(sel, o.metadata?.labels)),
      );
      if (!hit) problems.push(`${where} patches[${i}] targets ${JSON.stringify(t)}, which matches no object: kustomize skips it silently`);
    }
  };
  check(join(dir, 'kustomization.yaml'), k.patches);
  for (const c of k.components ?? []) {
    const file = join(dir, c, 'kustomization.yaml');
    check(file, (parse(readFileSync(file, 'utf8')) as Kustomization).patches);
  }
  return problems;
}
