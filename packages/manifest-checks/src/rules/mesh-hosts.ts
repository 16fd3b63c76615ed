import { finding, namespaceOf, ofKind } from '../objects.js';
import { serviceForHost, type VirtualServiceSpec } from './hosts.js';
import type { Rule } from './rule.js';

/**
 * Every mesh VirtualService host and every DestinationRule host is an existing Service. istioctl
 * analyze checks route destinations (IST0101), not these: a DestinationRule for a misspelt host
 * silently applies to nothing.
 */
export const meshHostsExist: Rule = {
  name: 'every mesh VirtualService and DestinationRule host is a Service',
  check(objects) {
    const messages: string[] = [];
    for (const vs of ofKind(objects, 'VirtualService')) {
      const ns = namespaceOf(vs);
      const spec = (vs.spec ?? {}) as VirtualServiceSpec;
      // A VirtualService bound only to gateways names public hosts, not Services.
      if ((spec.gateways ?? []).length > 0 && !(spec.gateways ?? []).includes('mesh')) continue;
      (spec.hosts ?? []).forEach((host, i) => {
        if (!serviceForHost(objects, host, ns)) messages.push(finding(vs, `spec.hosts[${i}]`, `"${host}" is not a Service in the manifests`));
      });
    }
    for (const dr of ofKind(objects, 'DestinationRule')) {
      const host = (dr.spec as { host?: string } | undefined)?.host ?? '';
      if (!serviceForHost(objects, host, namespaceOf(dr))) messages.push(finding(dr, 'spec.host', `"${host}" is not a Service in the manifests`));
    }
    return messages;
  },
};
