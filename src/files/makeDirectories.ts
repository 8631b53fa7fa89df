import * as nodeFs from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** The `code` of a Node file-system error, if it has one. */
function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * `mkdir -p`: creates `path` and its missing parents, one level at a time from the nearest
 * existing ancestor. Not `mkdir(path, { recursive: true })`, which Node 20 retries forever where
 * a parent exists but refuses children with ENOENT (`/proc/x`), hanging the command. Throws the
 * file system's error (ENOTDIR when an ancestor is a file). `fs` is injectable for tests.
 */
export async function makeDirectories(path: string, fs: Pick<typeof nodeFs, 'mkdir' | 'stat'> = nodeFs): Promise<void> {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      const info = await fs.stat(current);
      if (!info.isDirectory()) {
        throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${current}'`), {
          code: 'ENOTDIR',
          path: current,
        });
      }
      break;
    } catch (error) {
      if (codeOf(error) !== 'ENOENT') throw error;
      missing.push(current);
      const parent = dirname(current);
      // The root always exists; reaching it missing means the file system lies, so stop here.
      if (parent === current) break;
      current = parent;
    }
  }
  for (const dir of missing.reverse()) {
    try {
      await fs.mkdir(dir);
    } catch (error) {
      // Another process may have made it meanwhile; anything else (ENOENT under /proc) is final.
      if (codeOf(error) !== 'EEXIST' || !(await fs.stat(dir)).isDirectory()) throw error;
    }
  }
}
