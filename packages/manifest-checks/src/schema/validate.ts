import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe as describeObject } from '../objects.js';
import { vendoredSchemas, type CustomResourceSchema } from './crd-schemas.js';
import { istioSchemas } from './istio-schemas.js';
import { loadModelSchema, registeredSchemas, type JsonSchema } from './model-schemas.js';
import { strictSchema } from './strict.js';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

// ajv-formats is CommonJS with a default export; under NodeNext interop it arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

// `strict: false`: Kubernetes schemas carry x-kubernetes-* keywords and formats (int-or-string,
// quantity) that are annotations, not constraints ajv must know.
const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
addFormats(ajv);
// A resource quantity such as `250m`, `1.5Gi` or `2e3` (the API server's grammar).
ajv.addFormat('quantity', /^[+-]?(?:\d+|\d+\.\d*|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/);

const compiled = new Map<string, ValidateFunction>();
const added = new Set<string>();
const customResources = new Map<string, CustomResourceSchema>();

function gvk(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/** Makes a custom resource's CRD schema known to `validateObject` (unknown fields rejected too). */
export function registerCustomResourceSchema(resource: CustomResourceSchema): void {
  customResources.set(gvk(resource.apiVersion, resource.kind), resource);
}
for (const resource of vendoredSchemas()) registerCustomResourceSchema(resource);
const istio = istioSchemas();
if ('schemas' in istio) for (const resource of istio.schemas) registerCustomResourceSchema(resource);

/** Why Istio kinds have no schema on this machine, or undefined when they have one. */
export function istioSchemasUnavailable(): string | undefined {
  return 'unavailable' in istio ? istio.unavailable : undefined;
}

function syncRegisteredSchemas(): void {
  for (const [id, schema] of registeredSchemas()) {
    if (added.has(id)) continue;
    ajv.addSchema(strictSchema(schema) as JsonSchema, id);
    added.add(id);
  }
}

function validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
  const key = gvk(apiVersion, kind);
  const cached = compiled.get(key);
  if (cached) return cached;
  let validator: ValidateFunction | undefined;
  const custom = customResources.get(key);
  if (custom) {
    // A CRD's schema leaves metadata open; hold it to ObjectMeta like any other object. apiVersion
    // and kind are implicit in a CRD schema (the API server always accepts them).
    loadModelSchema('v1', 'ConfigMap');
    syncRegisteredSchemas();
    const properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      ...(custom.schema.properties as JsonSchema),
      metadata: { $ref: `${OBJECT_META}#` },
    };
    const schema = strictSchema({ ...custom.schema, properties, required: ['apiVersion', 'kind'] }) as JsonSchema;
    // An id without "/" so the ObjectMeta reference resolves like the model packages' own ids.
    validator = ajv.compile({ ...schema, $id: `crd.${apiVersion.replace("/", ".")}.${kind}` });
  } else {
    const id = loadModelSchema(apiVersion, kind);
    if (!id) return undefined;
    syncRegisteredSchemas();
    validator = ajv.getSchema(id);
  }
  if (validator) compiled.set(key, validator);
  return validator;
}

/** `/spec/template/0/x` → `spec.template[0].x` */
function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1);
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const raw of parts) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out || '(root)';
}

function explain(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') {
    const field = (error.params as { additionalProperty: string }).additionalProperty;
    return `${fieldPath(error.instancePath, field)}: unknown field "${field}"`;
  }
  if (error.keyword === 'required') {
    const field = (error.params as { missingProperty: string }).missingProperty;
    return `${fieldPath(error.instancePath, field)}: required field is missing`;
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return `${fieldPath(error.instancePath)}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${fieldPath(error.instancePath)}: ${error.message ?? error.keyword}`;
}

/** Kubernetes treats an explicit null as "unset"; the OpenAPI schemas don't all say so. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

/**
 * Validates one manifest object against the real schema of its apiVersion and kind (Kubernetes,
 * Istio, Argo CD, or a registered CRD), rejecting unknown fields anywhere. Returns one message per
 * problem, each starting with `Kind/name` and naming the field path; empty when valid.
 */
export function validateObject(obj: unknown): string[] {
  const who = describeObject(obj);
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return [`${who}: not an object`];
  const { apiVersion, kind } = obj as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return [`${who}: apiVersion and kind must be strings`];
  const validate = validatorFor(apiVersion, kind);
  if (!validate) {
    const why = apiVersion.includes('.istio.io/') && 'unavailable' in istio ? ` (${istio.unavailable})` : '';
    return [`${who}: no schema known for apiVersion "${apiVersion}" kind "${kind}"${why}`];
  }
  if (validate(withoutNulls(obj))) return [];
  const messages = (validate.errors ?? [])
    // a failed oneOf/anyOf is already explained by the errors of its branches, and "must be null"
    // is only the other branch of an optional field
    .filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if')
    .filter((e) => !(e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null'))
    .map((e) => `${who}: ${explain(e)}`);
  return [...new Set(messages)];
}

/** Validates many objects; the messages of all of them. */
export function validateObjects(objects: readonly unknown[]): string[] {
  return objects.flatMap(validateObject);
}
