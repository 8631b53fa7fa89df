import { stringify } from 'yaml';
import type { RunConfig } from './RunConfig.js';
import { runConfigSchema, type SchemaNode } from './runConfigSchema.js';

/**
 * A run's settings as a YAML run file (`--print-config`): keys in the schema's order whatever
 * order they were given in, sections nested, settings left undefined omitted. Parsing the text
 * with `parseRunConfig` gives the same configuration back.
 */
export function formatRunConfig(config: RunConfig): string {
  return stringify(ordered(config as Record<string, unknown>, runConfigSchema), { lineWidth: 0 });
}

function ordered(value: Record<string, unknown>, schema: SchemaNode | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const known = Object.keys(schema?.properties ?? {});
  // Schema keys first, in its order; anything else (a config built in code) after, as given.
  const keys = [
    ...known.filter((k) => Object.hasOwn(value, k)),
    ...Object.keys(value).filter((k) => !known.includes(k)),
  ];
  for (const key of keys) {
    const v = value[key];
    if (v === undefined) continue;
    out[key] =
      typeof v === 'object' && v !== null && !Array.isArray(v)
        ? ordered(v as Record<string, unknown>, schema?.properties?.[key])
        : v;
  }
  return out;
}
