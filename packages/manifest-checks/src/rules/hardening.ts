import { finding, podTemplates, type K8sObject } from '../objects.js';
import type { Rule } from './rule.js';

interface SecurityContext {
  runAsNonRoot?: boolean;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { drop?: string[] };
  seccompProfile?: { type?: string };
}

interface Resources {
  requests?: Record<string, string | number>;
  limits?: Record<string, string | number>;
}

/** Containers run non-root on a read-only root with no capabilities, under seccomp, with requests and limits. */
export const podsHardened: Rule = {
  name: 'every container is locked down and sized',
  check(objects: readonly K8sObject[]) {
    const messages: string[] = [];
    for (const pod of podTemplates(objects)) {
      const podContext = (pod.spec.securityContext ?? {}) as SecurityContext;
      pod.spec.containers.forEach((container, i) => {
        const base = `spec.template.spec.containers[${i}]`;
        const ctx = (container.securityContext ?? {}) as SecurityContext;
        const say = (field: string, problem: string) => messages.push(finding(pod.owner, `${base}.${field}`, problem));
        if ((ctx.runAsNonRoot ?? podContext.runAsNonRoot) !== true) say('securityContext.runAsNonRoot', 'must be true (here or on the pod)');
        if (ctx.readOnlyRootFilesystem !== true) say('securityContext.readOnlyRootFilesystem', 'must be true');
        if (ctx.allowPrivilegeEscalation !== false) say('securityContext.allowPrivilegeEscalation', 'must be false');
        if (!ctx.capabilities?.drop?.includes('ALL')) say('securityContext.capabilities.drop', 'must include ALL');
        if ((ctx.seccompProfile ?? podContext.seccompProfile)?.type !== 'RuntimeDefault') say('securityContext.seccompProfile.type', 'must be RuntimeDefault (here or on the pod)');
        const resources = (container.resources ?? {}) as Resources;
        for (const key of ['requests.cpu', 'requests.memory', 'limits.memory']) {
          const [kind, name] = key.split('.') as ['requests' | 'limits', string];
          if (resources[kind]?.[name] === undefined) say(`resources.${key}`, 'is not set');
        }
      });
      if (pod.labels['sidecar.istio.io/inject'] !== 'false' && !/"holdApplicationUntilProxyStarts"\s*:\s*true/.test(pod.annotations['proxy.istio.io/config'] ?? '')) {
        messages.push(finding(pod.owner, 'spec.template.metadata.annotations["proxy.istio.io/config"]', 'must hold the app until its proxy is ready ({"holdApplicationUntilProxyStarts": true})'));
      }
    }
    return messages;
  },
};
