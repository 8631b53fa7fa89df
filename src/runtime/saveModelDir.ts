import * as nodeFs from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

import { directoryWriter } from './directoryWriter.js';
import { errorCode, ModelDirError, writeFailed } from './ModelDirError.js';
import { MODEL_JSON, type ModelDirFs, type ModelDirOptions } from './ModelDirFs.js';
import { separableDepthMultipliers } from './separableDepthMultipliers.js';
import type { LayersModel } from './tf.js';
import { makeDirectories } from '../files/makeDirectories.js';
import { readRegularFile } from '../files/readRegularFile.js';
import { removeLeftovers, siblingPath } from '../files/siblingPath.js';

/**
 * Saves `model` to `dir` as `model.json` + `weights.bin` (tfjs Layers format,
 * loadable by `tf.loadLayersModel` over HTTP or by {@link loadModelDir}).
 *
 * The write is atomic at the directory level: files are written and fsynced
 * in a hidden sibling `.<name>.incep-tmp-*`, then renamed to `dir`. An existing
 * model at `dir` is renamed away to `.<name>.incep-old-*`, the new one renamed
 * in, and the old one deleted; if the second rename fails the old one is
 * renamed back. So `dir` holds either the complete old model or the complete
 * new one. A crash exactly between the two renames leaves `dir` absent, with
 * the old model in `.incep-old-*` and the new one complete in `.incep-tmp-*`;
 * other crashes leave at most a hidden sibling that is safe to delete.
 *
 * To avoid deleting user data, an existing `dir` is replaced only if it is
 * empty or holds a model incep saved: nothing but `model.json` (with incep's
 * marker, the weight digests) and `*.bin` files. Missing parent directories
 * are created; hidden siblings left by a killed save are deleted.
 *
 * @returns absolute paths of the files written, as they exist after the rename.
 * @throws {ModelDirError} `UNSAFE_TARGET` or `WRITE_FAILED`; the previous
 *   contents of `dir` are untouched in both cases.
 */
export async function saveModelDir(
  model: LayersModel,
  dir: string,
  options: ModelDirOptions = {},
): Promise<{ files: string[] }> {
  const fs = options.fs ?? nodeFs;
  const target = resolve(dir);
  const parent = dirname(target);
  const name = basename(target);
  if (target === parent) {
    throw new ModelDirError('UNSAFE_TARGET', `Refusing to save a model over the file-system root '${target}'.`);
  }
  const hadPrevious = await checkReplaceable(fs, target);

  let tmp: string;
  try {
    await makeDirectories(parent, fs);
    await removeLeftovers(parent, name, fs);
    // Not mkdtemp: its 0700 mode would survive the rename, whereas a plain
    // mkdir gives the finished directory the usual umask-derived mode.
    tmp = siblingPath(parent, name, 'tmp');
    await fs.mkdir(tmp);
  } catch (error) {
    throw writeFailed(`could not create a temporary directory next to '${target}'`, error);
  }

  let written: string[] = [];
  try {
    await model.save(directoryWriter(fs, tmp, (files) => (written = files), separableDepthMultipliers(model)));
  } catch (error) {
    await removeQuietly(fs, tmp);
    throw error instanceof ModelDirError ? error : writeFailed(`could not write the model to '${tmp}'`, error);
  }

  if (!hadPrevious) {
    try {
      await fs.rename(tmp, target);
    } catch (error) {
      await removeQuietly(fs, tmp);
      throw writeFailed(`could not move the new model into '${target}'`, error);
    }
  } else {
    const old = siblingPath(parent, name, 'old');
    try {
      await fs.rename(target, old);
    } catch (error) {
      await removeQuietly(fs, tmp);
      throw writeFailed(`could not move the previous model at '${target}' aside`, error);
    }
    try {
      await fs.rename(tmp, target);
    } catch (error) {
      const restored = await fs.rename(old, target).then(
        () => true,
        () => false,
      );
      await removeQuietly(fs, tmp);
      throw writeFailed(
        `could not move the new model into '${target}'` +
          (restored ? '' : `; the previous model is preserved at '${old}'`),
        error,
      );
    }
    // The new model is in place; failing to delete the old copy only leaves
    // a hidden sibling behind, which is not worth failing the save for.
    await removeQuietly(fs, old);
  }
  await syncDirectory(fs, parent);
  return { files: written.map((file) => join(target, file)) };
}

/**
 * Returns whether `target` holds a previous model to replace (false when
 * absent). Throws UNSAFE_TARGET for anything that is not clearly ours.
 */
async function checkReplaceable(fs: ModelDirFs, target: string): Promise<boolean> {
  let isDirectory: boolean;
  try {
    isDirectory = (await fs.stat(target)).isDirectory();
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      return false;
    }
    throw writeFailed(`could not inspect '${target}'`, error);
  }
  if (!isDirectory) {
    throw new ModelDirError('UNSAFE_TARGET', `'${target}' exists and is not a directory; refusing to replace it.`);
  }
  let entries: string[];
  try {
    entries = await fs.readdir(target);
  } catch (error) {
    throw writeFailed(`could not list '${target}'`, error);
  }
  if (entries.length === 0) return true;
  const foreign = entries.filter((entry) => entry !== MODEL_JSON && !entry.endsWith('.bin'));
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ', …' : '');
    throw new ModelDirError(
      'UNSAFE_TARGET',
      `'${target}' contains files that are not part of a saved model (${shown}); ` +
        'refusing to replace it. Choose an empty or new directory.',
    );
  }
  // Only a model incep saved (its model.json carries incep's marker) is replaced: `.bin` files
  // alone, or another tool's model, may be someone's only copy.
  if (!(await hasIncepMarker(fs, join(target, MODEL_JSON)))) {
    throw new ModelDirError(
      'UNSAFE_TARGET',
      `'${target}' holds files incep did not save (no model.json with incep's marker); ` +
        'refusing to replace it. Choose an empty or new directory, or delete it first.',
    );
  }
  return true;
}

/** True when `path` is a model.json that incep wrote (it carries the `incep` marker). */
async function hasIncepMarker(fs: ModelDirFs, path: string): Promise<boolean> {
  const read = await readRegularFile(path, 64 * 2 ** 20, fs);
  if (!read.ok) {
    if (read.reason === 'io') throw writeFailed(`could not inspect '${path}'`, read.cause);
    return false;
  }
  try {
    const json = JSON.parse(new TextDecoder().decode(read.bytes)) as { incep?: { sha256?: unknown } };
    return typeof json.incep?.sha256 === 'object' && json.incep.sha256 !== null;
  } catch {
    return false;
  }
}

/** Persists the renames in `dir`; best-effort, since not every platform can fsync a directory. */
async function syncDirectory(fs: ModelDirFs, dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open directories; the renames still happened.
  }
}

async function removeQuietly(fs: ModelDirFs, path: string): Promise<void> {
  await fs.rm(path, { recursive: true, force: true }).catch(() => undefined);
}
