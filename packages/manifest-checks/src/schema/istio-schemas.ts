// Istio's CRD schemas, read from the CRDs of the Istio `base` chart (manifests/charts/base/files/
// crd-all.gen.yaml) in the Istio Go module that gitops/apps/charts.lock.yaml pins: exactly the
// CRDs the cluster gets, at every served version (v1 included, which no Node 20 model package has).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadChartLock } from '@shop/gitops-checks/chart-lock';
import { istioModule } from '@shop/gitops-checks/istio-module';
import { findRepoRoot } from '@shop/gitops-checks/repo';
import { parseAllDocuments } from 'yaml';
import type { CustomResourceSchema } from './crd-schemas.js';
import type { JsonSchema } from './model-schemas.js';

interface Crd {
  kind?: string;
  spec?: { group: string; names: { kind: string }; versions: { name: string; served?: boolean; schema?: { openAPIV3Schema?: JsonSchema } }[] };
}

export type IstioSchemas = { schemas: CustomResourceSchema[] } | { unavailable: string };

let loaded: IstioSchemas | undefined;

/** Every served version of every Istio CRD, or why they cannot be had (Go absent, proxy down). */
export function istioSchemas(): IstioSchemas {
  if (loaded) return loaded;
  const module = istioModule(loadChartLock(findRepoRoot(import.meta.dirname)));
  if ('unavailable' in module) return (loaded = module);
  const text = readFileSync(join(module.charts, 'base/files/crd-all.gen.yaml'), 'utf8');
  const schemas = parseAllDocuments(text).flatMap((doc) => {
    const crd = doc.toJS() as Crd | null;
    if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) return [];
    const { group, names, versions } = crd.spec;
    return versions
      .filter((v) => v.served !== false && v.schema?.openAPIV3Schema)
      .map((v) => ({ apiVersion: `${group}/${v.name}`, kind: names.kind, schema: v.schema?.openAPIV3Schema ?? {} }));
  });
  return (loaded = { schemas });
}
