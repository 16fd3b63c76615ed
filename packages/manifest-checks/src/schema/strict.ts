import type { JsonSchema } from './model-schemas.js';

/**
 * A copy of `schema` in which every object with declared properties rejects undeclared ones,
 * the way the API server's strict field validation does. Objects that declare
 * `x-kubernetes-preserve-unknown-fields` or their own `additionalProperties` (maps) stay open.
 */
export function strictSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(source)) {
    // `properties` and `patternProperties` are maps of names to schemas, not schemas themselves.
    if ((key === 'properties' || key === 'patternProperties' || key === 'definitions') && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value as JsonSchema).map(([name, sub]) => [name, strictSchema(sub)]));
    } else if (key === 'enum' || key === 'required' || key === 'default' || key === 'example') {
      out[key] = value;
    } else {
      out[key] = strictSchema(value);
    }
  }
  const open = source['x-kubernetes-preserve-unknown-fields'] === true || 'additionalProperties' in source;
  if (source.properties && typeof source.properties === 'object' && !open) out.additionalProperties = false;
  return out;
}
