import type { RunConfig } from './RunConfig.js';

/**
 * The settings of a run: the run file's, with every setting the command line gives on top. The
 * flags win key by key, and nested sections (`data`, `optimizer`, `schedule`) are merged the same
 * way, so `--optimizer-lr` changes only the rate of the file's optimizer. A flag left undefined
 * (not given) keeps the file's value. Neither argument is changed.
 */
export function mergeRunConfig(file: RunConfig, flags: RunConfig): RunConfig {
  return mergeObjects(file as Record<string, unknown>, flags as Record<string, unknown>);
}

function mergeObjects(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeObjects(current, value) : value;
  }
  // Copies all the way down, so changing the result never changes the file's configuration.
  for (const [key, value] of Object.entries(out)) if (isPlainObject(value)) out[key] = mergeObjects(value, {});
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
