import type { CliError } from './printError.js';

/**
 * A whole-number option such as `--batch N`, from `min` to `max`, or `fallback` when it is not on
 * the command line; anything else is a usage error naming the flag and the range.
 */
export function parseWholeNumber(
  value: string | boolean | undefined,
  flag: string,
  range: { fallback: number; min: number; max: number },
): { ok: true; value: number } | ({ ok: false } & CliError) {
  if (value === undefined) return { ok: true, value: range.fallback };
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (n >= range.min && n <= range.max) return { ok: true, value: n };
  return {
    ok: false,
    message: `--${flag} expects a whole number from ${range.min} to ${range.max}, found '${String(value)}'`,
    hint: `for example --${flag} ${range.fallback}`,
  };
}
