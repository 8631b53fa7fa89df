import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file system path of a `file:` URI; undefined for other schemes or a malformed URI. */
export function documentPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}
