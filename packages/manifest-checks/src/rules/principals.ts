import { finding, namespaceOf, ofKind, podTemplates, selects } from '../objects.js';
import type { Rule } from './rule.js';

interface PolicyRule {
  from?: { source?: { principals?: string[]; notPrincipals?: string[] } }[];
}

/** Every principal an AuthorizationPolicy names is a ServiceAccount that exists; its selector picks pods. */
export const principalsExist: Rule = {
  name: 'every AuthorizationPolicy principal is a ServiceAccount',
  check(objects, platform) {
    const messages: string[] = [];
    const accounts = new Set([
      ...ofKind(objects, 'ServiceAccount').map((sa) => `${platform.trustDomain}/ns/${namespaceOf(sa)}/sa/${sa.metadata.name}`),
      ...platform.principals,
    ]);
    const pods = podTemplates(objects);
    for (const policy of ofKind(objects, 'AuthorizationPolicy')) {
      const spec = (policy.spec ?? {}) as { rules?: PolicyRule[]; selector?: { matchLabels?: Record<string, string> } };
      (spec.rules ?? []).forEach((rule, i) =>
        (rule.from ?? []).forEach((from, j) =>
          (['principals', 'notPrincipals'] as const).forEach((key) =>
            (from.source?.[key] ?? []).forEach((principal, k) => {
              if (!accounts.has(principal)) {
                messages.push(finding(policy, `spec.rules[${i}].from[${j}].source.${key}[${k}]`, `"${principal}" is not a ServiceAccount in the manifests or the platform`));
              }
            }),
          ),
        ),
      );
      const labels = spec.selector?.matchLabels;
      if (labels && !pods.some((p) => namespaceOf(p.owner) === namespaceOf(policy) && selects(labels, p.labels))) {
        messages.push(finding(policy, 'spec.selector.matchLabels', `${JSON.stringify(labels)} selects no pod template`));
      }
    }
    return messages;
  },
};
