import { finding, namespaceOf, ofKind, podTemplates, selects } from '../objects.js';
import type { Rule } from './rule.js';

/** Every gateway a VirtualService names exists, and every Gateway selects gateway pods. */
export const gatewayReferencesExist: Rule = {
  name: 'every Gateway reference exists',
  check(objects, platform) {
    const messages: string[] = [];
    const gateways = ofKind(objects, 'Gateway');
    for (const vs of ofKind(objects, 'VirtualService')) {
      const ns = namespaceOf(vs);
      ((vs.spec as { gateways?: string[] } | undefined)?.gateways ?? []).forEach((ref, i) => {
        if (ref === 'mesh') return;
        const [gwNs, gwName] = ref.includes('/') ? (ref.split('/') as [string, string]) : [ns, ref];
        if (!gateways.some((g) => g.metadata.name === gwName && namespaceOf(g, ns) === gwNs)) {
          messages.push(finding(vs, `spec.gateways[${i}]`, `Gateway "${ref}" does not exist in the manifests`));
        }
      });
    }
    const pods = podTemplates(objects).map((p) => p.labels);
    for (const gateway of gateways) {
      const selector = (gateway.spec as { selector?: Record<string, string> } | undefined)?.selector;
      if (![...pods, ...platform.gatewayPods].some((labels) => selects(selector, labels))) {
        messages.push(finding(gateway, 'spec.selector', `${JSON.stringify(selector ?? {})} selects no gateway pods`));
      }
    }
    return messages;
  },
};
