import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataError, ImageFile, ImageFolder } from './ImageFolder.js';

/** The scanned set, or why the folder cannot be one. */
export type ScanResult = { ok: true; folder: ImageFolder } | DataError;

/** File endings read as images (compared lower-cased, so `.JPG` counts). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png'];

const LAYOUT = "one sub-folder per class, named after it, holding that class's images: DIR/cat/1.jpg, DIR/dog/2.png";

/**
 * Lists a labelled image folder the way Keras's `image_dataset_from_directory` does: each
 * sub-folder is a class, the class names sorted (their position is the label), and every
 * .jpg/.jpeg/.png file below a class folder (sub-folders included) is one of its images, sorted by
 * path. Sorting is by code unit, not locale, so labels are the same on every machine. Names
 * starting with a dot are ignored: macOS leaves `._name.jpg` companions that are not images.
 * Files are only listed here; they are read and decoded batch by batch later.
 */
export async function scanImageFolder(dir: string): Promise<ScanResult> {
  const isDir = await isDirectory(dir);
  if (!isDir) {
    return {
      ok: false,
      message: `no folder at '${dir}'`,
      hint: `give the path of a folder with ${LAYOUT}`,
    };
  }
  const classes: string[] = [];
  for (const name of (await readdir(dir)).filter(visible).sort(byCodeUnit)) {
    if (await isDirectory(join(dir, name))) classes.push(name);
  }
  if (classes.length === 0) {
    return { ok: false, message: `'${dir}' has no class folders`, hint: `lay it out as ${LAYOUT}` };
  }
  const files: ImageFile[] = [];
  const empty: string[] = [];
  for (const [label, name] of classes.entries()) {
    const paths = await listImages(join(dir, name));
    if (paths.length === 0) empty.push(name);
    for (const path of paths) files.push({ path, label });
  }
  if (files.length === 0) {
    return {
      ok: false,
      message: `no images in '${dir}' (looked for ${IMAGE_EXTENSIONS.join(', ')} files in ${classes.length} class folders)`,
      hint: `put each class's images in its folder: ${LAYOUT}`,
    };
  }
  if (empty.length > 0) {
    const names = empty.map((n) => `'${n}'`).join(', ');
    return {
      ok: false,
      message: `the class folder${empty.length > 1 ? 's' : ''} ${names} in '${dir}' ${empty.length > 1 ? 'have' : 'has'} no images`,
      hint: `add ${IMAGE_EXTENSIONS.join('/')} images to ${empty.length > 1 ? 'them' : 'it'}, or remove ${empty.length > 1 ? 'them' : 'it'}: an empty class could never be learned`,
    };
  }
  return { ok: true, folder: { root: dir, classes, files } };
}

/** Every image file below `dir`, recursively, sorted by path. */
async function listImages(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => visible(e.name));
  for (const entry of entries.sort((a, b) => byCodeUnit(a.name, b.name))) {
    const path = join(dir, entry.name);
    // A symbolic link is followed; one that leads nowhere is listed and skipped when read.
    const folder = entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectory(path)));
    if (folder) out.push(...(await listImages(path)));
    else if (isImageName(entry.name)) out.push(path);
  }
  return out;
}

function isImageName(name: string): boolean {
  const lower = name.toLowerCase();
  return IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

function visible(name: string): boolean {
  return !name.startsWith('.');
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
