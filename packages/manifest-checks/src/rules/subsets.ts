import { finding, namespaceOf, ofKind, podTemplates, selects, type K8sObject } from '../objects.js';
import { canonicalHost, destinations, serviceForHost } from './hosts.js';
import type { Rule } from './rule.js';

interface Subset {
  name: string;
  labels?: Record<string, string>;
}

function subsetsOf(dr: K8sObject): Subset[] {
  return ((dr.spec as { subsets?: Subset[] } | undefined)?.subsets ?? []);
}

/** Every DestinationRule subset matches pods of its Service, and every routed subset is defined. */
export const subsetsMatchPods: Rule = {
  name: 'every subset matches pod labels',
  check(objects) {
    const messages: string[] = [];
    const pods = podTemplates(objects);
    const rules = ofKind(objects, 'DestinationRule');
    for (const dr of rules) {
      const ns = namespaceOf(dr);
      const service = serviceForHost(objects, (dr.spec as { host?: string }).host ?? '', ns);
      if (!service) continue; // reported by the host rule
      const selector = (service.spec as { selector?: Record<string, string> }).selector ?? {};
      subsetsOf(dr).forEach((subset, i) => {
        const wanted = { ...selector, ...subset.labels };
        if (!pods.some((p) => namespaceOf(p.owner) === namespaceOf(service) && selects(wanted, p.labels))) {
          messages.push(finding(dr, `spec.subsets[${i}].labels`, `subset "${subset.name}" (${JSON.stringify(wanted)}) matches no pod template`));
        }
      });
    }
    for (const vs of ofKind(objects, 'VirtualService')) {
      const ns = namespaceOf(vs);
      for (const { field, destination } of destinations(vs)) {
        if (destination.subset === undefined) continue;
        const host = canonicalHost(destination.host, ns);
        const defined = rules
          .filter((dr) => canonicalHost((dr.spec as { host?: string }).host ?? '', namespaceOf(dr)) === host)
          .flatMap(subsetsOf)
          .some((s) => s.name === destination.subset);
        if (!defined) messages.push(finding(vs, `${field}.subset`, `subset "${destination.subset}" is not defined by a DestinationRule for ${destination.host}`));
      }
    }
    return messages;
  },
};
