// Istio host names ↔ Kubernetes Services.
import { namespaceOf, ofKind, type K8sObject } from '../objects.js';

/** The Service a mesh host name refers to (`name`, `name.ns`, `name.ns.svc[.cluster.local]`). */
export function serviceForHost(objects: readonly K8sObject[], host: string, fromNamespace: string): K8sObject | undefined {
  const parts = host.split('.');
  const name = parts[0];
  const namespace = parts.length > 1 ? parts[1] : fromNamespace;
  if (parts.length > 2 && !['svc', 'svc.cluster.local'].includes(parts.slice(2).join('.'))) return undefined;
  return ofKind(objects, 'Service').find((s) => s.metadata.name === name && namespaceOf(s, fromNamespace) === namespace);
}

export interface Destination {
  host: string;
  subset?: string;
  port?: { number?: number };
}

interface HttpRoute {
  route?: { destination?: Destination }[];
  match?: { uri?: { exact?: string; prefix?: string; regex?: string }; method?: { exact?: string } }[];
}

export interface VirtualServiceSpec {
  hosts?: string[];
  gateways?: string[];
  http?: HttpRoute[];
  tcp?: HttpRoute[];
  tls?: HttpRoute[];
}

/** Every destination of a VirtualService with the field path that holds it. */
export function destinations(vs: K8sObject): { field: string; destination: Destination }[] {
  const spec = (vs.spec ?? {}) as VirtualServiceSpec;
  const out: { field: string; destination: Destination }[] = [];
  for (const kind of ['http', 'tcp', 'tls'] as const) {
    (spec[kind] ?? []).forEach((route, i) =>
      (route.route ?? []).forEach((r, j) => {
        if (r.destination) out.push({ field: `spec.${kind}[${i}].route[${j}].destination`, destination: r.destination });
      }),
    );
  }
  return out;
}
