import { finding, namespaceOf, ofKind, podTemplates, selects } from '../objects.js';
import type { Rule } from './rule.js';

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
}

/** Every Service selects some pod template in its namespace, and each targetPort is a port of those pods. */
export const servicesSelectPods: Rule = {
  name: 'every Service selects pods',
  check(objects) {
    const messages: string[] = [];
    const pods = podTemplates(objects);
    for (const service of ofKind(objects, 'Service')) {
      const spec = (service.spec ?? {}) as { selector?: Record<string, string>; ports?: ServicePort[]; type?: string };
      if (spec.type === 'ExternalName') continue;
      const ns = namespaceOf(service);
      const selected = pods.filter((p) => namespaceOf(p.owner) === ns && selects(spec.selector, p.labels));
      if (selected.length === 0) {
        messages.push(finding(service, 'spec.selector', `${JSON.stringify(spec.selector ?? {})} selects no pod template in namespace ${ns}`));
        continue;
      }
      (spec.ports ?? []).forEach((port, i) => {
        const target = port.targetPort ?? port.port;
        for (const pod of selected) {
          const ports = pod.spec.containers.flatMap((c) => c.ports ?? []);
          const found = typeof target === 'number' ? ports.some((p) => p.containerPort === target) : ports.some((p) => p.name === target);
          if (!found) messages.push(finding(service, `spec.ports[${i}].targetPort`, `${target} is not a container port of ${pod.owner.kind}/${pod.owner.metadata.name}`));
        }
      });
    }
    return messages;
  },
};
