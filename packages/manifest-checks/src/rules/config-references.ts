import { finding, namespaceOf, ofKind, podTemplates } from '../objects.js';
import type { Rule } from './rule.js';

// Secrets CloudNativePG creates for each Cluster (`<cluster>-app`, `<cluster>-superuser`, ...).
const CNPG_SECRET_SUFFIXES = ['-app', '-superuser', '-ca', '-server', '-replication'];

/** ConfigMaps, Secrets and ServiceAccounts a pod refers to exist (or are created by the database operator). */
export const podReferencesExist: Rule = {
  name: 'every ConfigMap, Secret and ServiceAccount a pod uses exists',
  check(objects) {
    const messages: string[] = [];
    for (const pod of podTemplates(objects)) {
      const ns = namespaceOf(pod.owner);
      const named = (kind: string) => new Set(ofKind(objects, kind).filter((o) => namespaceOf(o) === ns).map((o) => o.metadata.name));
      const configMaps = named('ConfigMap');
      const secrets = named('Secret');
      for (const cluster of ofKind(objects, 'Cluster').filter((c) => namespaceOf(c) === ns)) {
        for (const suffix of CNPG_SECRET_SUFFIXES) secrets.add(`${cluster.metadata.name}${suffix}`);
      }
      const base = 'spec.template.spec';
      const account = pod.spec.serviceAccountName;
      if (account && !named('ServiceAccount').has(account)) messages.push(finding(pod.owner, `${base}.serviceAccountName`, `ServiceAccount "${account}" does not exist`));
      pod.spec.containers.forEach((c, i) => {
        (c.envFrom ?? []).forEach((from, j) => {
          if (from.configMapRef && !configMaps.has(from.configMapRef.name)) messages.push(finding(pod.owner, `${base}.containers[${i}].envFrom[${j}].configMapRef.name`, `ConfigMap "${from.configMapRef.name}" does not exist`));
          if (from.secretRef && !secrets.has(from.secretRef.name)) messages.push(finding(pod.owner, `${base}.containers[${i}].envFrom[${j}].secretRef.name`, `Secret "${from.secretRef.name}" does not exist`));
        });
        (c.env ?? []).forEach((env, j) => {
          const cm = env.valueFrom?.configMapKeyRef;
          if (cm && !configMaps.has(cm.name)) messages.push(finding(pod.owner, `${base}.containers[${i}].env[${j}].valueFrom.configMapKeyRef.name`, `ConfigMap "${cm.name}" does not exist`));
          const secret = env.valueFrom?.secretKeyRef;
          if (secret && !secrets.has(secret.name)) messages.push(finding(pod.owner, `${base}.containers[${i}].env[${j}].valueFrom.secretKeyRef.name`, `Secret "${secret.name}" does not exist (nor does a database Cluster create it)`));
        });
      });
    }
    return messages;
  },
};
