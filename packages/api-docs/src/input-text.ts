// A procedure's input as one line of TypeScript-like text, from the zod schema's JSON Schema (zod 4's
// z.toJSONSchema, the input side: what a caller sends).
import { z } from 'zod';

interface JsonSchema {
  type?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

function range(min: number | undefined, max: number | undefined): string | undefined {
  if (min !== undefined && max !== undefined) return min === max ? `${min}` : `${min}–${max}`;
  if (min !== undefined) return `≥${min}`;
  if (max !== undefined) return `≤${max}`;
  return undefined;
}

function withNotes(base: string, notes: (string | undefined)[]): string {
  const shown = notes.filter((n): n is string => n !== undefined);
  return shown.length > 0 ? `${base} (${shown.join(', ')})` : base;
}

function describe(schema: JsonSchema): string {
  const fallback = schema.default === undefined ? undefined : `default ${JSON.stringify(schema.default)}`;
  if (schema.anyOf) return schema.anyOf.map(describe).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  switch (schema.type) {
    case 'object': {
      const required = new Set(schema.required ?? []);
      const fields = Object.entries(schema.properties ?? {}).map(([key, value]) => `${key}${required.has(key) ? '' : '?'}: ${describe(value)}`);
      return `{ ${fields.join('; ')} }`;
    }
    case 'array': {
      const item = describe(schema.items ?? {});
      const items = range(schema.minItems, schema.maxItems);
      return withNotes(`${/[ |]/.test(item) && !item.startsWith('{') ? `(${item})` : item}[]`, [items && `${items} items`, fallback]);
    }
    case 'string':
      return withNotes(schema.format ?? 'string', [schema.format ? undefined : range(schema.minLength, schema.maxLength), fallback]);
    case 'integer':
    case 'number':
      return withNotes(schema.type, [range(schema.minimum, schema.maximum), fallback]);
    case undefined:
      return 'unknown';
    default:
      return withNotes(schema.type, [fallback]);
  }
}

/** `—` for a procedure without input; a trailing `?` when the whole input may be left out. */
export function inputText(inputs: readonly unknown[]): string {
  if (inputs.length === 0) return '—';
  const text = inputs.map((input) => {
    const schema = input as z.ZodType;
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const shown = describe({ ...json, default: undefined });
    return schema.safeParse(undefined).success ? `${shown}?` : shown;
  });
  return text.join(' & ');
}
