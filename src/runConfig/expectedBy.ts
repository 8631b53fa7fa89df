import type { SchemaNode } from './runConfigSchema.js';

/**
 * What a schema node accepts, in the words of a message: "an integer ≥ 1", "a number > 0 and < 1",
 * "one of 'auto', 'tensorflow', 'wasm' or 'cpu'", "true or false", "a mapping". Derived from the
 * schema itself so a changed range cannot leave a stale message behind.
 */
export function expectedBy(schema: SchemaNode): string {
  if (schema.enum) return oneOf(schema.enum.map((v) => `'${v}'`));
  switch (schema.type) {
    case 'object':
      return `a mapping of ${Object.keys(schema.properties ?? {}).join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'string':
      return schema.description ?? 'a string';
    case 'integer':
      return schema.minimum !== undefined && schema.maximum !== undefined
        ? `an integer from ${schema.minimum} to ${schema.maximum}`
        : `an integer${bounds(schema)}`;
    case 'number':
      return `a number${bounds(schema)}`;
    default:
      return 'a value';
  }
}

function bounds(s: SchemaNode): string {
  const low =
    s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : s.minimum !== undefined ? `≥ ${s.minimum}` : '';
  const high =
    s.exclusiveMaximum !== undefined ? `< ${s.exclusiveMaximum}` : s.maximum !== undefined ? `≤ ${s.maximum}` : '';
  if (low && high) return ` ${low} and ${high}`;
  return low || high ? ` ${low || high}` : '';
}

function oneOf(items: readonly string[]): string {
  if (items.length === 1) return items[0]!;
  return `one of ${items.slice(0, -1).join(', ')} or ${items[items.length - 1]!}`;
}
