import { SERVICE_NAMES } from '@shop/kit/services';
import { finding, ofKind } from '../objects.js';
import type { Rule } from './rule.js';

// Mesh settings that istioctl analyze accepts because they are valid, yet change what the mesh
// does: no component judges them, so they are rules of ours.

/** Envoy retry conditions under which the request never reached the app: safe for any method. */
const UNPROCESSED = new Set(['connect-failure', 'refused-stream', 'reset-before-request']);
const IDEMPOTENT = new Set(['GET', 'HEAD']);

interface Tls {
  mode?: string;
}
interface TrafficPolicy {
  tls?: Tls;
  outlierDetection?: { consecutive5xxErrors?: number; consecutiveGatewayErrors?: number; maxEjectionPercent?: number };
  portLevelSettings?: { tls?: Tls }[];
}
interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}
interface HttpRoute {
  match?: { method?: StringMatch }[];
  retries?: { attempts?: number; retryOn?: string };
  route?: { destination?: { host?: string } }[];
}

/** The route leads to a tRPC service, whose mutations are POSTs (the storefront serves pages: GET and HEAD). */
function reachesTrpc(route: HttpRoute): boolean {
  return (route.route ?? []).some((r) => (SERVICE_NAMES as readonly string[]).includes((r.destination?.host ?? '').split('.')[0] ?? ''));
}

/** The route only ever serves idempotent methods: every match names GET or HEAD exactly. */
function idempotentOnly(route: HttpRoute): boolean {
  const matches = route.match ?? [];
  return matches.length > 0 && matches.every((m) => m.method?.exact !== undefined && IDEMPOTENT.has(m.method.exact));
}

export const meshBehaviourSafe: Rule = {
  name: 'mesh settings keep mTLS strict, outliers ejected, retries safe and methods matched',
  check(objects) {
    const messages: string[] = [];
    for (const pa of ofKind(objects, 'PeerAuthentication')) {
      const spec = (pa.spec ?? {}) as { mtls?: Tls; portLevelMtls?: Record<string, Tls> };
      if (spec.mtls?.mode !== undefined && spec.mtls.mode !== 'STRICT') messages.push(finding(pa, 'spec.mtls.mode', `${spec.mtls.mode} lets plain text in: must be STRICT`));
      for (const [port, tls] of Object.entries(spec.portLevelMtls ?? {}))
        if (tls.mode !== undefined && tls.mode !== 'STRICT') messages.push(finding(pa, `spec.portLevelMtls.${port}.mode`, `${tls.mode} lets plain text in: must be STRICT`));
    }
    for (const dr of ofKind(objects, 'DestinationRule')) {
      const policy = ((dr.spec as { trafficPolicy?: TrafficPolicy } | undefined)?.trafficPolicy ?? {});
      if (policy.tls?.mode === 'DISABLE') messages.push(finding(dr, 'spec.trafficPolicy.tls.mode', 'DISABLE sends plain text, which STRICT mTLS refuses'));
      (policy.portLevelSettings ?? []).forEach((p, i) => {
        if (p.tls?.mode === 'DISABLE') messages.push(finding(dr, `spec.trafficPolicy.portLevelSettings[${i}].tls.mode`, 'DISABLE sends plain text, which STRICT mTLS refuses'));
      });
      const od = policy.outlierDetection;
      if (!od) messages.push(finding(dr, 'spec.trafficPolicy.outlierDetection', 'is not set: a failing pod keeps its share of traffic'));
      else if ((od.consecutive5xxErrors ?? 5) === 0 && (od.consecutiveGatewayErrors ?? 0) === 0) messages.push(finding(dr, 'spec.trafficPolicy.outlierDetection', 'ejects nothing (consecutive5xxErrors and consecutiveGatewayErrors are 0)'));
      else if (od.maxEjectionPercent === 0) messages.push(finding(dr, 'spec.trafficPolicy.outlierDetection.maxEjectionPercent', 'is 0: nothing is ever ejected'));
    }
    for (const vs of ofKind(objects, 'VirtualService')) {
      ((vs.spec as { http?: HttpRoute[] } | undefined)?.http ?? []).forEach((route, i) => {
        (route.match ?? []).forEach((m, j) => {
          for (const key of ['exact', 'prefix'] as const) {
            const method = m.method?.[key];
            // Envoy compares the :method header case-sensitively, and methods are upper case.
            if (method !== undefined && method !== method.toUpperCase()) messages.push(finding(vs, `spec.http[${i}].match[${j}].method.${key}`, `"${method}" never matches: methods are upper case`));
          }
        });
        if ((route.retries?.attempts ?? 0) === 0 || idempotentOnly(route) || !reachesTrpc(route)) return;
        const unsafe = (route.retries?.retryOn ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '' && !UNPROCESSED.has(s));
        // Istio's default retryOn (unset) includes 5xx-like conditions too.
        if (route.retries?.retryOn === undefined) unsafe.push('(Istio default)');
        if (unsafe.length > 0) messages.push(finding(vs, `spec.http[${i}].retries.retryOn`, `${unsafe.join(',')} may repeat a request the app already ran: a route to a tRPC service not limited to GET/HEAD retries only ${[...UNPROCESSED].join(',')}`));
      });
    }
    return messages;
  },
};
