// The code's `meshProcedure` flag, held against the mesh: a procedure for other services only may be
// admitted by an ALLOW AuthorizationPolicy to the shop services' own ServiceAccounts, never to the ingress
// gateway, Prometheus or anyone.
import type { ProcedureEntry } from '@shop/kit';
import { SERVICE_NAMES } from '@shop/kit/services';
import { finding, namespaceOf, ofKind, type K8sObject } from '../objects.js';

interface PolicySpec {
  action?: string;
  selector?: { matchLabels?: Record<string, string> };
  rules?: {
    from?: { source?: { principals?: string[] } }[];
    to?: { operation?: { paths?: string[] } }[];
  }[];
}

/** Istio's path match: exact, `prefix*`, `*suffix` or `*`. */
function pathMatches(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return path.endsWith(pattern.slice(1));
  return pattern === path;
}

export function meshProceduresClosed(objects: readonly K8sObject[], procedures: readonly ProcedureEntry[], trustDomain = 'cluster.local'): string[] {
  const out: string[] = [];
  const meshOnly = procedures.filter((p) => p.auth === 'service');
  for (const policy of ofKind(objects, 'AuthorizationPolicy')) {
    const spec = (policy.spec ?? {}) as PolicySpec;
    if ((spec.action ?? 'ALLOW') !== 'ALLOW') continue;
    const services = new Set(SERVICE_NAMES.map((s) => `${trustDomain}/ns/${namespaceOf(policy)}/sa/${s}`));
    const app = spec.selector?.matchLabels?.app;
    const guarded = meshOnly.filter((p) => app === undefined || p.path.startsWith(`${app}.`));
    (spec.rules ?? []).forEach((rule, i) => {
      const sources = rule.from ?? [];
      // A rule without `from`, or a source without principals, admits callers the principals do not name.
      const outsiders =
        sources.length === 0 || sources.some((f) => !f.source?.principals)
          ? ['any caller']
          : sources.flatMap((f) => f.source?.principals ?? []).filter((p) => !services.has(p));
      if (outsiders.length === 0) return;
      const targets = rule.to ?? [{ operation: { paths: ['*'] } }];
      targets.forEach((to, j) =>
        (to.operation?.paths ?? ['*']).forEach((pattern, k) => {
          for (const p of guarded.filter((g) => pathMatches(pattern, `/trpc/${g.path}`))) {
            out.push(finding(policy, `spec.rules[${i}].to[${j}].operation.paths[${k}]`, `${p.path} is a meshProcedure (other services only) but this rule admits ${outsiders.join(', ')}`));
          }
        }),
      );
    });
  }
  return out;
}
