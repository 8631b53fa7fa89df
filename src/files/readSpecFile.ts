import { MAX_SOURCE_BYTES } from '../syntax/parse.js';
import { readTextFileSync } from './readTextFileSync.js';

/**
 * A spec file's text as `compile`'s `readFile` wants it: undefined when there is no such file,
 * `{ error }` when it cannot be read (a device, too large, not UTF-8), bounded by the spec limit.
 */
export function readSpecFile(path: string): string | undefined | { error: string } {
  const read = readTextFileSync(path, MAX_SOURCE_BYTES);
  if (read.ok) return read.text;
  return read.missing ? undefined : { error: read.message };
}
