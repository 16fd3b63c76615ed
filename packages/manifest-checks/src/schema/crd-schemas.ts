// Schemas of custom resources that no npm model package ships, vendored from the project's CRD
// (see the `$comment` in each file for source and version).
import { readFileSync } from 'node:fs';
import type { JsonSchema } from './model-schemas.js';

export interface CustomResourceSchema {
  apiVersion: string;
  kind: string;
  /** The CRD version's `openAPIV3Schema`. */
  schema: JsonSchema;
}

function vendored(file: string, apiVersion: string, kind: string): CustomResourceSchema {
  const schema = JSON.parse(readFileSync(new URL(`../../schemas/${file}`, import.meta.url), 'utf8')) as JsonSchema;
  return { apiVersion, kind, schema };
}

export function vendoredSchemas(): CustomResourceSchema[] {
  return [vendored('postgresql.cnpg.io_v1_cluster.json', 'postgresql.cnpg.io/v1', 'Cluster')];
}
