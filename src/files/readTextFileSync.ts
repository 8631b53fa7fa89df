import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** A file's text, or why it was not read (`missing` when there is no such file). */
export type TextFileResult = { ok: true; text: string } | { ok: false; missing: boolean; message: string };

/**
 * Reads a UTF-8 text file of at most `maxBytes`, synchronously (the compiler is synchronous),
 * checking before reading: a device (`/dev/zero`), a FIFO or a directory is refused unread — the
 * open is non-blocking, so a FIFO cannot hang it — and an oversized file is refused by its size,
 * without allocating for it. A byte-order mark is dropped: some editors start UTF-8 files with
 * one, and it is not part of the text.
 */
export function readTextFileSync(path: string, maxBytes: number): TextFileResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT') return { ok: false, missing: true, message: 'no such file' };
    if (code === 'EISDIR') return { ok: false, missing: false, message: 'it is a directory' };
    return { ok: false, missing: false, message: (e as Error).message };
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) return { ok: false, missing: false, message: 'it is a directory' };
    if (!info.isFile()) return { ok: false, missing: false, message: 'it is not a regular file (a device or a pipe)' };
    if (info.size > maxBytes) {
      return {
        ok: false,
        missing: false,
        message: `it is ${(info.size / 2 ** 20).toFixed(1)} MiB, over the ${maxBytes / 2 ** 20} MiB limit for a spec file`,
      };
    }
    const bytes = Buffer.alloc(info.size);
    let filled = 0;
    while (filled < bytes.length) {
      const n = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    const read = bytes.subarray(0, filled);
    const text = read.toString('utf8');
    // Decoding would turn bad bytes into U+FFFD silently, and a formatter writing the text back
    // would destroy them: a file that is not UTF-8 is refused, at its first bad byte.
    if (!isUtf8(read)) {
      const at = firstUndecodable(text, read);
      return {
        ok: false,
        missing: false,
        message: `it is not UTF-8 text (an undecodable byte at line ${at.line}, column ${at.column}); save it as UTF-8`,
      };
    }
    return { ok: true, text: text.replace(/^\uFEFF/, '') };
  } catch (e) {
    return { ok: false, missing: false, message: (e as Error).message };
  } finally {
    closeSync(fd);
  }
}

/** Where the first byte sequence that is not UTF-8 is: the first U+FFFD the bytes do not spell. */
function firstUndecodable(text: string, bytes: Buffer): { line: number; column: number } {
  let i = text.indexOf('\uFFFD');
  while (i >= 0) {
    // Everything before i decoded cleanly, so its byte length is exact.
    const offset = Buffer.byteLength(text.slice(0, i));
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) break;
    i = text.indexOf('\uFFFD', i + 1);
  }
  const before = text.slice(0, Math.max(0, i));
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: i - lineStart + 1 };
}
