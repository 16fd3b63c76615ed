import { finding, namespaceOf, ofKind, podTemplates, selects } from '../objects.js';
import type { Rule } from './rule.js';

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
}

/**
 * Each Service targetPort is a port of the pods it selects. Whether a Service selects any pod at
 * all is the control-plane suite's live check; a targetPort no container has is judged by no
 * component (the EndpointSlice controller silently leaves such pods out).
 */
export const serviceTargetPortsExist: Rule = {
  name: 'every Service targetPort is a container port',
  check(objects) {
    const messages: string[] = [];
    const pods = podTemplates(objects);
    for (const service of ofKind(objects, 'Service')) {
      const spec = (service.spec ?? {}) as { selector?: Record<string, string>; ports?: ServicePort[]; type?: string };
      if (spec.type === 'ExternalName') continue;
      const ns = namespaceOf(service);
      const selected = pods.filter((p) => namespaceOf(p.owner) === ns && selects(spec.selector, p.labels));
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
