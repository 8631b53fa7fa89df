import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import type { PackedManifest } from './consumerLock.js';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** What {@link packIncep} made. */
export interface PackedIncep {
  /** A temporary directory holding the tarball (and the copy it was packed from); removed on exit. */
  dir: string;
  /** The tarball's absolute path. */
  tarball: string;
  /** The paths `npm pack --json` lists, relative to the package root. */
  files: string[];
}

/** A file planted in the copy's dist/ before packing, as a deleted source's output would linger. */
export const LEFTOVER = 'dist/src/leftoverOfADeletedSource.js';

let packed: Promise<PackedIncep> | undefined;

/**
 * Packs incep as `npm pack` in a fresh clone would: from a copy of the working tree (everything
 * but node_modules, .git and out/, with the repository's node_modules linked in), so `prepack`
 * builds dist/ there without touching the repository's own dist/, which other tests and the CLI
 * use. The copy's dist/ starts as the repository's plus a {@link LEFTOVER}, which the clean build
 * must drop. One pack per test run, shared by the test files that need it.
 */
export function packIncep(): Promise<PackedIncep> {
  packed ??= pack();
  return packed;
}

async function pack(): Promise<PackedIncep> {
  const dir = mkdtempSync(join(tmpdir(), 'incep-pack-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const copy = join(dir, 'copy');
  for (const entry of readdirSync(REPO)) {
    if (['node_modules', '.git', 'out'].includes(entry)) continue;
    cpSync(join(REPO, entry), join(copy, entry), {
      recursive: true,
      filter: (source) => !['node_modules', '.git'].includes(basename(source)),
    });
  }
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'), 'dir');
  mkdirSync(join(copy, 'dist/src'), { recursive: true });
  writeFileSync(join(copy, LEFTOVER), 'export {};\n');
  const { stdout } = await promisify(execFile)('npm', ['pack', '--json', '--pack-destination', dir], {
    cwd: copy,
    maxBuffer: 64 * 1024 * 1024,
  });
  // The lifecycle scripts' output goes to stderr; stdout is the JSON alone.
  const [result] = JSON.parse(stdout) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  return { dir, tarball: join(dir, result!.filename), files: result!.files.map((f) => f.path) };
}

/** The package.json that went into the tarball. */
export function packedManifest(packed: PackedIncep): PackedManifest {
  return JSON.parse(readFileSync(join(packed.dir, 'copy', 'package.json'), 'utf8')) as PackedManifest;
}
