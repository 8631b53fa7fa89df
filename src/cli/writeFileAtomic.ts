import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { makeDirectories } from '../files/makeDirectories.js';
import { removeLeftovers, siblingPath } from '../files/siblingPath.js';

/**
 * Writes `path` so that readers see either the old file or the complete new one, never a
 * partial write: the text goes to a hidden temporary file in the same directory (a rename is
 * only atomic within one file system), is fsynced, then renamed over `path`. Missing parent
 * directories are created. With `mode`, the file has those permissions from the start (not
 * after the rename, which would leave a moment with the default ones). Throws the file system's
 * error; the temporary file is removed.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  const dir = dirname(path);
  await makeDirectories(dir);
  await removeLeftovers(dir, basename(path));
  const tmp = siblingPath(dir, basename(path), 'tmp');
  try {
    const handle = await open(tmp, 'wx', mode ?? 0o666);
    try {
      // open's mode passes through the umask; the file's own permissions must not.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
