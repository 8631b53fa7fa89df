import { constants } from 'node:fs';
import * as nodeFs from 'node:fs/promises';

/** Why {@link readRegularFile} read nothing. */
export type ReadRefusal = 'missing' | 'not-a-file' | 'too-large' | 'changed' | 'io';

/** The bytes of a file, or why they were not read (with the I/O error as `cause` for 'missing' and 'io'). */
export type ReadFileResult =
  { ok: true; bytes: Uint8Array } | { ok: false; reason: ReadRefusal; message: string; cause?: unknown };

/**
 * Reads a regular file of at most `maxBytes`, checking before reading: a device (`/dev/zero`),
 * a FIFO or a directory is refused without a read, an oversized file without allocating for it.
 * Opened non-blocking, so a FIFO cannot hang the open; then exactly the size fstat gave is read,
 * so a file that grows meanwhile cannot make the read unbounded.
 */
export async function readRegularFile(
  path: string,
  maxBytes: number,
  fs: Pick<typeof nodeFs, 'open'> = nodeFs,
): Promise<ReadFileResult> {
  let handle: nodeFs.FileHandle;
  try {
    handle = await fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'ENOENT') return { ok: false, reason: 'missing', message: `'${path}' does not exist`, cause };
    return { ok: false, reason: 'io', message: `cannot read '${path}': ${(cause as Error).message}`, cause };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      return { ok: false, reason: 'not-a-file', message: `'${path}' is not a regular file` };
    }
    if (info.size > maxBytes) {
      return {
        ok: false,
        reason: 'too-large',
        message: `'${path}' is ${info.size.toLocaleString('en')} bytes, over the limit of ${maxBytes.toLocaleString('en')}`,
      };
    }
    const bytes = new Uint8Array(info.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled !== bytes.length) {
      return { ok: false, reason: 'changed', message: `'${path}' shrank while it was read` };
    }
    return { ok: true, bytes };
  } catch (cause) {
    return { ok: false, reason: 'io', message: `cannot read '${path}': ${(cause as Error).message}`, cause };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
