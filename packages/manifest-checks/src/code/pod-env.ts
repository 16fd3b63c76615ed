import { namespaceOf, ofKind, type Container, type K8sObject, type PodTemplate } from '../objects.js';

/** A container's environment as the kubelet would assemble it; Secret values stay unknown. */
export interface ResolvedEnv {
  /** Every variable the container gets, with its value; `undefined` when it comes from a Secret. */
  values: Map<string, string | undefined>;
  /** Variables whose source does not resolve (missing ConfigMap or key). */
  unresolved: string[];
}

function configMapData(objects: readonly K8sObject[], ns: string, name: string): Record<string, string> | undefined {
  return ofKind(objects, 'ConfigMap').find((c) => c.metadata.name === name && namespaceOf(c) === ns)?.data ?? undefined;
}

/** `metadata.labels['version']` → the label's value on the pod template. */
function fieldValue(pod: PodTemplate, path: string): string | undefined {
  const label = /^metadata\.labels\['([^']+)'\]$/.exec(path);
  if (label?.[1]) return pod.labels[label[1]];
  const annotation = /^metadata\.annotations\['([^']+)'\]$/.exec(path);
  if (annotation?.[1]) return pod.annotations[annotation[1]];
  if (path === 'metadata.namespace') return namespaceOf(pod.owner);
  return `(${path})`;
}

export function resolveEnv(objects: readonly K8sObject[], pod: PodTemplate, container: Container): ResolvedEnv {
  const ns = namespaceOf(pod.owner);
  const values = new Map<string, string | undefined>();
  const unresolved: string[] = [];
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const data = configMapData(objects, ns, from.configMapRef.name);
      if (!data) unresolved.push(`envFrom ConfigMap ${from.configMapRef.name}`);
      for (const [k, v] of Object.entries(data ?? {})) values.set(k, v);
    }
  }
  for (const env of container.env ?? []) {
    const from = env.valueFrom;
    if (env.value !== undefined || !from) values.set(env.name, env.value ?? '');
    else if (from.secretKeyRef) values.set(env.name, undefined);
    else if (from.fieldRef) values.set(env.name, fieldValue(pod, from.fieldRef.fieldPath));
    else if (from.configMapKeyRef) {
      const value = configMapData(objects, ns, from.configMapKeyRef.name)?.[from.configMapKeyRef.key];
      if (value === undefined) unresolved.push(env.name);
      values.set(env.name, value);
    }
  }
  return { values, unresolved };
}
