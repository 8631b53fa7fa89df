import type { RgbImage } from '../predict/decodeImage.js';

/**
 * One labelled image of a set: a file to read and decode when its batch comes up, or, for a
 * generated set, the pixels themselves (`image`), in which case `path` is only a name.
 */
export interface ImageFile {
  path: string;
  /** Index into the set's `classes`. */
  label: number;
  /** In-memory pixels; when present the file at `path` is never read. */
  image?: RgbImage;
}

/**
 * A labelled image set, as `scanImageFolder` finds it on disk or `syntheticImages` generates it:
 * class names (index = label) and the images in a fixed order.
 */
export interface ImageFolder {
  /** The scanned directory, or a `<synthetic>` marker for a generated set. */
  root: string;
  classes: string[];
  files: ImageFile[];
}

/** A data-side failure the user can fix, with what to do about it. */
export interface DataError {
  ok: false;
  message: string;
  hint: string;
}
