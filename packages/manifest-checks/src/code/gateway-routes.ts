// The public VirtualService, held against the routers: a VirtualService bound to an ingress Gateway may
// forward a `/trpc/` request only when it is a procedure the public calls (not a meshProcedure), by its
// method (GET for a query, POST for a mutation), one call per request (neither the storefront nor the
// typed clients batch: both use httpLink). Anything else under `/trpc/` must match no forwarding route,
// so the gateway answers 404 itself (a directResponse route, or no route at all).
import type { ProcedureEntry } from '@shop/kit';
import { finding, ofKind, type K8sObject } from '../objects.js';

interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

interface HttpRoute {
  match?: { uri?: StringMatch; method?: StringMatch }[];
  route?: { destination?: { host?: string } }[];
}

interface Probe {
  method: 'GET' | 'POST';
  path: string;
  /** Why forwarding this request is wrong, or null when the public may send it. */
  wrong: string | null;
}

/** Istio's StringMatch as Envoy applies it: exact, prefix, or an RE2 regex matching the whole value. */
function matches(m: StringMatch | undefined, value: string): boolean {
  if (!m) return true;
  if (m.exact !== undefined) return value === m.exact;
  if (m.prefix !== undefined) return value.startsWith(m.prefix);
  if (m.regex !== undefined) return new RegExp(`^(?:${m.regex})$`, 'u').test(value);
  return true;
}

/** Every procedure by both methods, a batch of two calls of each public one, and a path that is no procedure. */
function probes(procedures: readonly ProcedureEntry[]): Probe[] {
  const out: Probe[] = [];
  for (const p of procedures) {
    const wanted = p.type === 'query' ? 'GET' : 'POST';
    for (const method of ['GET', 'POST'] as const) {
      const wrong =
        p.auth === 'service'
          ? `${p.path} is a meshProcedure (other services only)`
          : method !== wanted
            ? `${p.path} is a ${p.type}, sent with ${wanted} only`
            : null;
      out.push({ method, path: `/trpc/${p.path}`, wrong });
    }
    // A batch names every call's path, comma-separated: a prefix or a loose regex of one path admits it.
    if (p.auth !== 'service') {
      out.push({ method: wanted, path: `/trpc/${p.path},${p.path}`, wrong: 'a tRPC batch, which neither the storefront nor the typed clients send' });
    }
  }
  for (const method of ['GET', 'POST'] as const) out.push({ method, path: '/trpc/no.such', wrong: 'no procedure of any router' });
  return out;
}

/** Findings for every gateway route that forwards a `/trpc/` request the public never sends. */
export function gatewayRoutesClosed(objects: readonly K8sObject[], procedures: readonly ProcedureEntry[]): string[] {
  const out: string[] = [];
  const wrongOnes = probes(procedures).filter((p) => p.wrong !== null);
  for (const vs of ofKind(objects, 'VirtualService')) {
    const spec = (vs.spec ?? {}) as { gateways?: string[]; http?: HttpRoute[] };
    // Bound to no gateway (or to `mesh` only): sidecar routes, where the AuthorizationPolicies decide.
    if (!(spec.gateways ?? []).some((g) => g !== 'mesh')) continue;
    const routes = spec.http ?? [];
    const reported = new Map<string, { field: string; probe: Probe; hosts: string; methods: string[] }>();
    for (const probe of wrongOnes) {
      // Istio takes the first route with a matching condition (the conditions of one match are ANDed).
      const i = routes.findIndex((r) => (r.match ?? [{}]).some((m) => matches(m.uri, probe.path) && matches(m.method, probe.method)));
      const route = routes[i];
      if (!route) continue;
      const hosts = (route.route ?? []).flatMap((r) => (r.destination?.host ? [r.destination.host.split('.')[0]] : [])).join(', ');
      if (hosts === '') continue; // a directResponse (or redirect): the gateway answers itself
      const j = (route.match ?? [{}]).findIndex((m) => matches(m.uri, probe.path) && matches(m.method, probe.method));
      const field = route.match ? `spec.http[${i}].match[${j}]` : `spec.http[${i}]`;
      const seen = reported.get(`${field} ${probe.path}`);
      if (seen) seen.methods.push(probe.method);
      else reported.set(`${field} ${probe.path}`, { field, probe, hosts, methods: [probe.method] });
    }
    for (const { field, probe, hosts, methods } of reported.values()) {
      out.push(finding(vs, field, `forwards ${methods.join(' and ')} ${probe.path} to ${hosts}, but ${probe.wrong ?? ''}`));
    }
  }
  return out;
}
