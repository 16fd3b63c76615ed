// The shape of a rendered manifest object, as far as the checks read it.
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [key: string]: unknown;
}

/** `Kind/name` of anything that looks like an object, for messages. */
export function describe(obj: unknown): string {
  if (obj === null || typeof obj !== 'object') return '(not an object)';
  const o = obj as { kind?: unknown; metadata?: { name?: unknown } };
  return `${typeof o.kind === 'string' ? o.kind : '(no kind)'}/${typeof o.metadata?.name === 'string' ? o.metadata.name : '(no name)'}`;
}

export function isK8sObject(value: unknown): value is K8sObject {
  if (value === null || typeof value !== 'object') return false;
  const o = value as Partial<K8sObject>;
  return typeof o.apiVersion === 'string' && typeof o.kind === 'string' && typeof o.metadata?.name === 'string';
}

export function ofKind(objects: readonly K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

export function namespaceOf(obj: K8sObject, fallback = 'default'): string {
  return obj.metadata.namespace ?? fallback;
}

/** A finding names the object and the field: `Kind/name: field.path: what is wrong`. */
export function finding(obj: K8sObject, field: string, problem: string): string {
  return `${obj.kind}/${obj.metadata.name}: ${field}: ${problem}`;
}

/** Workload kinds whose pod template the checks read. */
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export interface PodTemplate {
  owner: K8sObject;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: PodSpec;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
}

export interface Probe {
  httpGet?: { path?: string; port?: number | string };
  [key: string]: unknown;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string };
    secretKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string };
  };
}

export interface Container {
  name: string;
  image?: string;
  ports?: ContainerPort[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  [key: string]: unknown;
}

export interface PodSpec {
  serviceAccountName?: string;
  containers: Container[];
  [key: string]: unknown;
}

export function podTemplates(objects: readonly K8sObject[]): PodTemplate[] {
  const out: PodTemplate[] = [];
  for (const owner of objects) {
    if (!WORKLOADS.has(owner.kind)) continue;
    const template = (owner.spec?.template ?? {}) as { metadata?: Partial<ObjectMeta>; spec?: PodSpec };
    out.push({
      owner,
      labels: template.metadata?.labels ?? {},
      annotations: template.metadata?.annotations ?? {},
      spec: template.spec ?? { containers: [] },
    });
  }
  return out;
}

/** True when every key/value of `selector` is among `labels` (an empty selector selects nothing here). */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}
