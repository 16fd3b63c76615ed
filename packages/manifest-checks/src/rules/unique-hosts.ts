import { finding, namespaceOf, ofKind, type K8sObject } from '../objects.js';
import { canonicalHost, type VirtualServiceSpec } from './hosts.js';
import type { Rule } from './rule.js';

/** No two VirtualServices claim the same host on the same gateway (Istio would merge or drop one). */
export const uniqueVirtualServiceHosts: Rule = {
  name: 'no two VirtualServices claim the same host',
  check(objects) {
    const messages: string[] = [];
    const owners = new Map<string, K8sObject>();
    for (const vs of ofKind(objects, 'VirtualService')) {
      const spec = (vs.spec ?? {}) as VirtualServiceSpec;
      const ns = namespaceOf(vs);
      const gateways = spec.gateways?.length ? spec.gateways.map((g) => (g.includes('/') || g === 'mesh' ? g : `${ns}/${g}`)) : ['mesh'];
      (spec.hosts ?? []).forEach((host, i) => {
        for (const gateway of gateways) {
          const key = `${gateway} ${canonicalHost(host, ns)}`;
          const owner = owners.get(key);
          if (owner && owner !== vs) {
            messages.push(finding(vs, `spec.hosts[${i}]`, `"${host}" on ${gateway} is already claimed by VirtualService/${owner.metadata.name}`));
          } else {
            owners.set(key, vs);
          }
        }
      });
    }
    return messages;
  },
};
