import { finding, podTemplates } from '../objects.js';
import type { Rule } from './rule.js';

interface SpreadConstraint {
  labelSelector?: { matchLabels?: Record<string, string>; matchExpressions?: { key: string }[] };
  matchLabelKeys?: string[];
}

/**
 * The API server's rule for topologySpreadConstraints: a key in matchLabelKeys may not also be
 * in labelSelector, and matchLabelKeys needs a labelSelector. Before Kubernetes 1.33 the workload
 * is rejected; since 1.33 (matchLabelKeys merged into the selector at Pod creation, on by default)
 * the workload is accepted and every Pod it creates is rejected. A rule of our own until the
 * control-plane suite runs the real API server over the overlays.
 */
export const topologySpreadValid: Rule = {
  name: 'topology spread keys are not both matchLabelKeys and labelSelector',
  check(objects) {
    const messages: string[] = [];
    for (const { owner, spec } of podTemplates(objects)) {
      const constraints = (spec.topologySpreadConstraints ?? []) as SpreadConstraint[];
      constraints.forEach((c, i) => {
        const field = `spec.template.spec.topologySpreadConstraints[${i}]`;
        const keys = c.matchLabelKeys ?? [];
        if (keys.length === 0) return;
        if (!c.labelSelector) {
          messages.push(finding(owner, `${field}.matchLabelKeys`, 'needs a labelSelector'));
          return;
        }
        const selectorKeys = new Set([...Object.keys(c.labelSelector.matchLabels ?? {}), ...(c.labelSelector.matchExpressions ?? []).map((e) => e.key)]);
        for (const key of keys.filter((k) => selectorKeys.has(k)))
          messages.push(finding(owner, `${field}.matchLabelKeys`, `"${key}" is also in labelSelector: the API server rejects the Pods`));
      });
    }
    return messages;
  },
};
