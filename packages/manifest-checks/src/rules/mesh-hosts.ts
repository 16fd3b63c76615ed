import { finding, namespaceOf, ofKind } from '../objects.js';
import { destinations, serviceForHost, type VirtualServiceSpec } from './hosts.js';
import type { Rule } from './rule.js';

/** Every VirtualService and DestinationRule host is an existing Service (and a routed port is one of its ports). */
export const meshHostsExist: Rule = {
  name: 'every VirtualService and DestinationRule host is a Service',
  check(objects) {
    const messages: string[] = [];
    for (const vs of ofKind(objects, 'VirtualService')) {
      const ns = namespaceOf(vs);
      const spec = (vs.spec ?? {}) as VirtualServiceSpec;
      const gatewayOnly = (spec.gateways ?? []).length > 0 && !(spec.gateways ?? []).includes('mesh');
      (spec.hosts ?? []).forEach((host, i) => {
        // A VirtualService bound only to gateways names public hosts, not Services.
        if (gatewayOnly) return;
        if (!serviceForHost(objects, host, ns)) messages.push(finding(vs, `spec.hosts[${i}]`, `"${host}" is not a Service in the manifests`));
      });
      for (const { field, destination } of destinations(vs)) {
        const service = serviceForHost(objects, destination.host, ns);
        if (!service) {
          messages.push(finding(vs, `${field}.host`, `"${destination.host}" is not a Service in the manifests`));
          continue;
        }
        const port = destination.port?.number;
        const ports = ((service.spec as { ports?: { port: number }[] }).ports ?? []).map((p) => p.port);
        if (port !== undefined && !ports.includes(port)) {
          messages.push(finding(vs, `${field}.port.number`, `${port} is not a port of Service/${service.metadata.name} (${ports.join(', ')})`));
        }
      }
    }
    for (const dr of ofKind(objects, 'DestinationRule')) {
      const host = (dr.spec as { host?: string } | undefined)?.host ?? '';
      if (!serviceForHost(objects, host, namespaceOf(dr))) messages.push(finding(dr, 'spec.host', `"${host}" is not a Service in the manifests`));
    }
    return messages;
  },
};
