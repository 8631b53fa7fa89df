import { isUtf8 } from 'node:buffer';
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { readTextFileSync } from '../files/readTextFileSync.js';
import { formatSource } from '../format/formatSource.js';
import { MAX_SOURCE_BYTES } from '../syntax/parse.js';
import type { Command, CommandContext } from './Command.js';
import { EXIT } from './exitCodes.js';
import { printDiagnostics } from './printDiagnostics.js';
import { printError } from './printError.js';
import { usageError } from './usageError.js';
import { useColor } from './useColor.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** The FILE argument that means standard input, and the name it goes by in messages. */
const STDIN = '-';
const STDIN_NAME = '<stdin>';

/** `incep fmt FILE...`: the canonical layout of specs, printed, written back, or checked. */
export const fmtCommand: Command = {
  name: 'fmt',
  summary: 'lay specs out the canonical way (print, rewrite with --write, or --check)',
  synopsis: 'FILE... [--write | --check]',
  positionals: { name: 'FILE', min: 1, max: Infinity },
  compilesSpecs: false,
  options: {
    write: { type: 'boolean', description: 'rewrite each FILE in place; files already canonical are left untouched' },
    check: {
      type: 'boolean',
      description: 'write nothing; list the FILEs that are not canonical and exit 1 if there are any',
    },
  },
  details:
    "Without --write or --check, each FILE's canonical form goes to stdout; '-' reads standard\n" +
    'input. The layout keeps the line breaks as written and fixes the rest: two-blank indentation\n' +
    "by nesting, one blank between words, at most one blank line in a row, a body's `{` on its\n" +
    "header's line, trailing comments of consecutive lines aligned. Every comment stays where it\n" +
    'is, and the spec means exactly what it meant; line endings become \\n and a byte-order mark\n' +
    "goes. A FILE with syntax errors is left as it is and its errors reported (the checker's\n" +
    'errors do not stop formatting); so is a read-only FILE or one that is not UTF-8. Exits 1\n' +
    'when a FILE could not be read, formatted or written, or (--check) is not canonical.',
  async run(context) {
    const write = context.values['write'] === true;
    const check = context.values['check'] === true;
    if (write && check) {
      return usageError(context.io.stderr, 'fmt', '--write and --check cannot be combined', 'use one of them');
    }
    if (write && context.positionals.includes(STDIN)) {
      return usageError(
        context.io.stderr,
        'fmt',
        `--write cannot rewrite standard input ('${STDIN}')`,
        `without --write, 'incep fmt ${STDIN}' prints the canonical form`,
      );
    }
    if (context.positionals.filter((f) => f === STDIN).length > 1) {
      return usageError(
        context.io.stderr,
        'fmt',
        `standard input ('${STDIN}') can be read once`,
        `give '${STDIN}' once, or name the files`,
      );
    }
    let failed = false;
    for (const file of context.positionals) {
      const outcome = await formatOne(file, context, write ? 'write' : check ? 'check' : 'print');
      if (!outcome) failed = true;
    }
    return failed ? EXIT.failed : EXIT.ok;
  },
};

/** Formats one FILE argument as `mode` says; false when it failed or (`check`) is not canonical. */
async function formatOne(file: string, context: CommandContext, mode: 'print' | 'write' | 'check'): Promise<boolean> {
  const { io } = context;
  const name = file === STDIN ? STDIN_NAME : file;
  const path = file === STDIN ? STDIN_NAME : resolve(io.cwd, file);
  const read = file === STDIN ? await readStdin() : readTextFileSync(path, MAX_SOURCE_BYTES);
  if (!read.ok) {
    printError(io.stderr, { message: `cannot read '${name}': ${read.message}` });
    return false;
  }
  const formatted = formatSource(read.text, path);
  if (!formatted.ok) {
    printDiagnostics(io.stderr, formatted.diagnostics, new Map([[path, read.text]]), useColor(io.stderr, io.env));
    const errors = formatted.diagnostics.filter((d) => d.severity === 'error').length;
    io.stderr.write(`${name}: not formatted (${errors} error${errors === 1 ? '' : 's'})\n`);
    return false;
  }
  const changed = formatted.text !== read.text;
  if (mode === 'print') io.stdout.write(formatted.text);
  else if (mode === 'check' && changed) io.stdout.write(`${name}\n`);
  else if (mode === 'write' && changed) {
    const error = await rewrite(path, formatted.text);
    if (error) {
      printError(io.stderr, { message: `cannot write '${file}': ${error}` });
      return false;
    }
    io.stderr.write(`formatted ${file}\n`);
  }
  return mode !== 'check' || !changed;
}

/**
 * Replaces a spec file's text atomically. Through a symbolic link the file it points to is
 * rewritten (not the link replaced by a copy), and its permissions are kept. A read-only file is
 * refused, as an editor would: the rename that makes the write atomic would otherwise replace
 * it anyway. The error's message, if any.
 */
async function rewrite(path: string, text: string): Promise<string | undefined> {
  let target: string;
  let mode: number;
  try {
    target = await realpath(path);
    mode = (await stat(target)).mode & 0o7777;
    // No write bit for anyone is read-only too, even to root (whom access() lets write anything).
    if ((mode & 0o222) === 0) return 'it is read-only';
    await access(target, constants.W_OK);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'it is read-only' : (e as Error).message;
  }
  try {
    await writeFileAtomic(target, text, mode);
    return undefined;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'EACCES' || code === 'EPERM')
      return `its directory '${dirname(target)}' is not writable (the new text is written next to the file, then renamed over it)`;
    return (e as Error).message;
  }
}

/** Standard input as text (a leading byte-order mark dropped, as from a file), bounded like a spec file. */
async function readStdin(): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of process.stdin) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += bytes.length;
      if (size > MAX_SOURCE_BYTES) {
        return { ok: false, message: `it is over the ${MAX_SOURCE_BYTES / 2 ** 20} MiB limit for a spec file` };
      }
      chunks.push(bytes);
    }
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  const bytes = Buffer.concat(chunks);
  if (!isUtf8(bytes)) return { ok: false, message: 'it is not UTF-8 text' };
  return { ok: true, text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
}
