import { finding, ofKind, podTemplates } from '../objects.js';
import type { Rule } from './rule.js';

// Istio's protocol selection by port name: `<protocol>` or `<protocol>-<suffix>`.
const PROTOCOLS = ['http', 'http2', 'https', 'grpc', 'grpc-web', 'tcp', 'tls', 'mongo', 'mysql', 'redis', 'udp'];

function namedForIstio(name: string | undefined): boolean {
  return name !== undefined && PROTOCOLS.some((p) => name === p || name.startsWith(`${p}-`));
}

/** Every Service port is named for Istio's protocol selection and declares appProtocol; container ports are named. */
export const portsNamed: Rule = {
  name: 'every port is named for Istio protocol selection',
  check(objects) {
    const messages: string[] = [];
    for (const service of ofKind(objects, 'Service')) {
      const ports = (service.spec as { ports?: { name?: string; appProtocol?: string }[] } | undefined)?.ports ?? [];
      ports.forEach((port, i) => {
        if (!namedForIstio(port.name)) messages.push(finding(service, `spec.ports[${i}].name`, `"${port.name ?? ''}" does not start with an Istio protocol (${PROTOCOLS.join(', ')})`));
        if (!port.appProtocol) messages.push(finding(service, `spec.ports[${i}].appProtocol`, 'is not set'));
      });
    }
    for (const pod of podTemplates(objects)) {
      pod.spec.containers.forEach((container, i) =>
        (container.ports ?? []).forEach((port, j) => {
          if (!namedForIstio(port.name)) messages.push(finding(pod.owner, `spec.template.spec.containers[${i}].ports[${j}].name`, `"${port.name ?? ''}" does not start with an Istio protocol`));
        }),
      );
    }
    return messages;
  },
};
