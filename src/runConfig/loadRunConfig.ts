import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { MAX_RUN_FILE_BYTES, parseRunConfig, tooLarge, type RunConfigResult } from './parseRunConfig.js';

// Opening a FIFO for reading blocks until a writer appears; O_NONBLOCK makes the open return at
// once so the fstat below can refuse it. Regular files read the same either way. Windows has no
// FIFOs of this kind and no such flag.
const NONBLOCK: number = (constants as Partial<typeof constants>).O_NONBLOCK ?? 0;

/**
 * Reads and parses a YAML run file (`parseRunConfig`). Reading is refused, as E0610 and without
 * hanging or exhausting memory, for a path that cannot be opened, anything but a regular file
 * (a directory, FIFO, socket or device: `/dev/zero` would never end), a file over
 * `MAX_RUN_FILE_BYTES` (judged by its size before any byte is read, and again while reading in
 * case it grows) and text that is not UTF-8. `displayName` is how diagnostics name the file.
 */
export async function loadRunConfig(path: string, displayName: string = path): Promise<RunConfigResult> {
  const refuse = (d: Diagnostic): RunConfigResult => ({ ok: false, diagnostics: [d], sources: new Map() });
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | NONBLOCK);
  } catch (e) {
    return refuse(unreadable(displayName, reason(e)));
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return refuse(unreadable(displayName, `it is ${kindOf(stats)}, not a regular file`));
    if (stats.size > MAX_RUN_FILE_BYTES) return refuse(tooLarge(displayName, stats.size));
    const bytes = await readAtMost(handle, MAX_RUN_FILE_BYTES + 1);
    if (bytes.length > MAX_RUN_FILE_BYTES) return refuse(tooLarge(displayName, bytes.length));
    let text: string;
    try {
      // fatal: a binary file is refused rather than parsed as replacement characters; a BOM is dropped.
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return refuse(unreadable(displayName, 'it is not UTF-8 text'));
    }
    return parseRunConfig(text, displayName);
  } catch (e) {
    return refuse(unreadable(displayName, reason(e)));
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Up to `limit` bytes from the start of the file, so a file that grows after `stat` stays bounded. */
async function readAtMost(handle: FileHandle, limit: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(limit);
  let filled = 0;
  while (filled < limit) {
    const { bytesRead } = await handle.read(buffer, filled, limit - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

function unreadable(file: string, why: string): Diagnostic {
  return error('E0610', `cannot read run file '${file}': ${why}`, undefined, 'check the path of the run file');
}

function reason(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory, not a regular file';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'a special file';
}
