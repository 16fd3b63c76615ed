// Raw OpenAPI schemas from the kubernetes-models packages. Their own validator ignores unknown
// fields, so we only borrow the schemas: every model registers its schema (and those it refers
// to) through @kubernetes-models/validate's `register`, which we intercept.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type JsonSchema = Record<string, unknown>;

/** Model packages, tried in order; a kind lives at `<package>/<apiVersion>/<Kind>.js`. */
// Istio's kinds are not here: their schemas come from the pinned Istio release's CRDs (istio-schemas.ts).
const MODEL_PACKAGES = ['kubernetes-models', '@kubernetes-models/argo-cd'] as const;

const localRequire = createRequire(import.meta.url);
const captured = new Map<string, JsonSchema>();

interface ValidateModule {
  register(id: string, schema: JsonSchema): void;
}

interface ModelClass {
  new (data: Record<string, unknown>): { validate(): void };
  apiVersion: string;
  kind: string;
}

function packageRoot(pkg: string): string {
  return dirname(localRequire.resolve(`${pkg}/package.json`));
}

// Every package resolves the same validate module (one version in the lockfile); patch each copy
// it resolves to, so a future split of versions still gets captured.
for (const pkg of MODEL_PACKAGES) {
  const fromPackage = createRequire(join(packageRoot(pkg), 'package.json'));
  const validateModule = fromPackage('@kubernetes-models/validate') as ValidateModule & { __shopPatched?: boolean };
  if (validateModule.__shopPatched) continue;
  const original = validateModule.register.bind(validateModule);
  validateModule.register = (id, schema) => {
    captured.set(id, schema);
    original(id, schema);
  };
  validateModule.__shopPatched = true;
}

/** All schemas registered so far, by id (e.g. `io.k8s.api.apps.v1.Deployment`). */
export function registeredSchemas(): ReadonlyMap<string, JsonSchema> {
  return captured;
}

function modelFile(apiVersion: string, kind: string): string | undefined {
  if (!/^[a-z0-9.]+(\/[a-z0-9]+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  for (const pkg of MODEL_PACKAGES) {
    const file = join(packageRoot(pkg), apiVersion, `${kind}.js`);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** The schema id of a kind, registering its schema (and its dependencies) on first use. */
export function loadModelSchema(apiVersion: string, kind: string): string | undefined {
  const file = modelFile(apiVersion, kind);
  if (!file) return undefined;
  const exported = localRequire(file) as Record<string, unknown>;
  const model = exported[kind] as ModelClass | undefined;
  if (!model || model.apiVersion !== apiVersion) return undefined;
  // A model registers its schema lazily, on its first validate(); the data is irrelevant here.
  try {
    new model({}).validate();
  } catch {
    // an empty object fails `required`: expected
  }
  for (const [id, schema] of captured) {
    const props = schema.properties as Record<string, { enum?: unknown[] }> | undefined;
    if (props?.kind?.enum?.[0] === kind && props.apiVersion?.enum?.[0] === apiVersion) return id;
  }
  return undefined;
}
