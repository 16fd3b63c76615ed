import { finding, podTemplates } from '../objects.js';
import type { Rule } from './rule.js';

/** Every pod carries `app` and `version`, which Istio's telemetry and Kiali use. */
export const podsLabelled: Rule = {
  name: 'every pod has app and version labels',
  check(objects) {
    return podTemplates(objects).flatMap((pod) =>
      ['app', 'version'].filter((label) => !pod.labels[label]).map((label) => finding(pod.owner, `spec.template.metadata.labels.${label}`, 'is missing')),
    );
  },
};
