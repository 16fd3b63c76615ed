import { finding, namespaceOf, ofKind, podTemplates, selects } from '../objects.js';
import type { Rule } from './rule.js';

/** Every HorizontalPodAutoscaler scales a workload that exists; every PodDisruptionBudget guards pods. */
export const scalingTargetsExist: Rule = {
  name: 'every autoscaler and disruption budget targets pods',
  check(objects) {
    const messages: string[] = [];
    for (const hpa of ofKind(objects, 'HorizontalPodAutoscaler')) {
      const ref = (hpa.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef ?? {};
      const exists = objects.some((o) => o.kind === ref.kind && o.metadata.name === ref.name && namespaceOf(o) === namespaceOf(hpa));
      if (!exists) messages.push(finding(hpa, 'spec.scaleTargetRef', `${ref.kind ?? '?'}/${ref.name ?? '?'} does not exist`));
    }
    const pods = podTemplates(objects);
    for (const pdb of ofKind(objects, 'PodDisruptionBudget')) {
      const labels = (pdb.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels;
      if (!pods.some((p) => namespaceOf(p.owner) === namespaceOf(pdb) && selects(labels, p.labels))) {
        messages.push(finding(pdb, 'spec.selector.matchLabels', `${JSON.stringify(labels ?? {})} selects no pod template`));
      }
    }
    return messages;
  },
};
