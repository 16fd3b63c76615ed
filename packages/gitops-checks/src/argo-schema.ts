// Validation against Argo CD's own schema with unknown fields rejected.
//
// The schema is the openAPIV3Schema of Argo CD's Application and AppProject CRDs as shipped by
// @kubernetes-models/argo-cd (the catalog's 2.5.0 carries Argo CD v2.10.8's CRDs, see its
// package.json; its v4 is generated from Go types and needs Node 22). gitops/ installs Argo CD
// v3.3, whose CRDs only add fields to these, so what validates here validates there. That package
// validates with the schema as is, and a CRD schema does not forbid unknown fields: the API
// server prunes them silently, so a misspelt `syncOptions` would simply do nothing. Here every
// object that lists its properties gets `additionalProperties: false`; objects that list none
// (`helm.valuesObject`) stay free-form, exactly as the CRD's preserve-unknown-fields intends.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaNode = { [key: string]: Json };

const require = createRequire(import.meta.url);

// ajv-formats is CommonJS; its default export arrives wrapped under some loaders.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

export type ArgoKind = 'Application' | 'AppProject';

/** The CRD schema embedded in the model module (a JSON literal assigned to `schema`). */
function crdSchema(kind: ArgoKind): SchemaNode {
  const file = require.resolve(`@kubernetes-models/argo-cd/argoproj.io/v1alpha1/${kind}`);
  const text = readFileSync(file, 'utf8');
  const marker = 'const schema = ';
  const start = text.indexOf(marker);
  const end = text.indexOf('\n};\n', start);
  if (start < 0 || end < 0) throw new Error(`Cannot find the ${kind} schema in ${file}`);
  return JSON.parse(text.slice(start + marker.length, end + 2)) as SchemaNode;
}

/** Kubernetes ObjectMeta fields a manifest may carry (the models reference it by $ref). */
const objectMeta: SchemaNode = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    namespace: { type: 'string' },
    generateName: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    finalizers: { type: 'array', items: { type: 'string' } },
  },
};

/**
 * The model generator strips every key called `description` as documentation, including the
 * two real AppProject fields of that name (its .d.ts still declares them): put them back.
 */
function restoreDescriptions(kind: ArgoKind, schema: SchemaNode): SchemaNode {
  if (kind !== 'AppProject') return schema;
  const spec = (schema.properties as SchemaNode).spec as SchemaNode;
  const specProps = spec.properties as SchemaNode;
  specProps.description = { type: 'string' };
  const roleProps = ((specProps.roles as SchemaNode).items as SchemaNode).properties as SchemaNode;
  roleProps.description = { type: 'string' };
  return schema;
}

function isNode(value: Json | undefined): value is SchemaNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Closes every object schema that names its properties; resolves the ObjectMeta $ref. */
function strict(node: SchemaNode): SchemaNode {
  if (typeof node.$ref === 'string' && node.$ref.includes('ObjectMeta')) return objectMeta;
  const out: SchemaNode = { ...node };
  const props = node.properties;
  if (isNode(props)) {
    out.properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, isNode(v) ? strict(v) : v]));
    if (Object.keys(props).length > 0 && node.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (isNode(node.items)) out.items = strict(node.items);
  if (isNode(node.additionalProperties)) out.additionalProperties = strict(node.additionalProperties);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = node[key];
    if (Array.isArray(list)) out[key] = list.map((v) => (isNode(v) ? strict(v) : v));
  }
  return out;
}

let validators: Record<ArgoKind, ValidateFunction> | undefined;

function compile(): Record<ArgoKind, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  return {
    Application: ajv.compile(strict(crdSchema('Application'))),
    AppProject: ajv.compile(strict(restoreDescriptions('AppProject', crdSchema('AppProject')))),
  };
}

function describeError(e: ErrorObject): string {
  const at = e.instancePath === '' ? '(root)' : e.instancePath;
  if (e.keyword === 'additionalProperties') {
    const field = (e.params as { additionalProperty?: string }).additionalProperty ?? '?';
    return `${at}: unknown field "${field}"`;
  }
  return `${at}: ${e.message ?? e.keyword}`;
}

/** Problems of one Application or AppProject against Argo CD's schema; empty when valid. */
export function argoSchemaProblems(kind: ArgoKind, value: unknown): string[] {
  validators ??= compile();
  const validate = validators[kind];
  if (validate(value)) return [];
  return [...new Set((validate.errors ?? []).map(describeError))];
}
