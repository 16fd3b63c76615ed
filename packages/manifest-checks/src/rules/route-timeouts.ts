import { SHOP_SERVICES } from '@shop/kit/services';
import { resolveEnv } from '../code/pod-env.js';
import { finding, namespaceOf, ofKind, podTemplates } from '../objects.js';
import { serviceForHost, type VirtualServiceSpec } from './hosts.js';
import type { Rule } from './rule.js';

/** The kit's default when a pod does not set CALL_TIMEOUT_MS (packages/kit/src/config). */
const DEFAULT_CALL_TIMEOUT_MS = 5_000;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** An Istio duration ("1500ms", "5s", "1m") in milliseconds. */
function durationMs(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  return m ? Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? Number.NaN) : undefined;
}

/**
 * A mesh route's timeout is at least the CALL_TIMEOUT_MS of every service that calls it: below
 * it, the sidecar answers 504 before the caller's own deadline. Valid config to every component.
 */
export const routeTimeoutsCoverCalls: Rule = {
  name: "every mesh route's timeout covers its callers' CALL_TIMEOUT_MS",
  check(objects) {
    const messages: string[] = [];
    const deadlines = podTemplates(objects).flatMap((pod) => {
      const app = pod.labels.app;
      const container = pod.spec.containers.find((c) => c.name === app) ?? pod.spec.containers[0];
      if (!app || !container) return [];
      const value = resolveEnv(objects, pod, container).values.get('CALL_TIMEOUT_MS');
      return [{ app, ns: namespaceOf(pod.owner), ms: value === undefined ? DEFAULT_CALL_TIMEOUT_MS : Number(value) }];
    });
    for (const vs of ofKind(objects, 'VirtualService')) {
      const spec = (vs.spec ?? {}) as Omit<VirtualServiceSpec, 'http'> & { http?: { timeout?: string }[] };
      if ((spec.gateways ?? []).length > 0 && !(spec.gateways ?? []).includes('mesh')) continue;
      const ns = namespaceOf(vs);
      const callee = (spec.hosts ?? []).map((h) => serviceForHost(objects, h, ns)?.metadata.name).find((n) => n !== undefined);
      const callers = SHOP_SERVICES.filter((s) => (s.calls as readonly string[]).includes(callee ?? '')).map((s) => s.name as string);
      (spec.http ?? []).forEach((route, i) => {
        const timeout = route.timeout === undefined ? undefined : durationMs(route.timeout);
        if (timeout === undefined) return;
        for (const d of deadlines.filter((x) => callers.includes(x.app) && x.ns === ns)) {
          if (timeout < d.ms) messages.push(finding(vs, `spec.http[${i}].timeout`, `${route.timeout} is below ${d.app}'s CALL_TIMEOUT_MS of ${d.ms} ms: the sidecar answers 504 before the caller's deadline`));
        }
      });
    }
    return messages;
  },
};
