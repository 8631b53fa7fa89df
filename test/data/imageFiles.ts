import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbImage } from '../../src/predict/decodeImage.js';

/** A pixel as RGBA for an (x, y) position. */
export type Paint = (x: number, y: number) => [number, number, number, number];

/** PNG bytes of colour type 0 (grey), 2 (RGB) or 6 (RGBA). */
export function pngBytes(width: number, height: number, paint: Paint, colorType: 0 | 2 | 6 = 2): Buffer {
  const image = new PNG({ width, height, colorType, inputColorType: 6 });
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) image.data.set(paint(x, y), 4 * (y * width + x));
  return PNG.sync.write(image, { colorType, inputColorType: 6 });
}

/** Baseline JPEG bytes at quality 95. */
export function jpegBytes(width: number, height: number, paint: Paint): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(paint(x, y), 4 * (y * width + x));
  return jpeg.encode({ data, width, height }, 95).data;
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'incep-data-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `files` (relative path → bytes, or null for an empty folder) below `root`. */
export function writeTree(root: string, files: Record<string, Uint8Array | null>): string {
  for (const [rel, bytes] of Object.entries(files)) {
    const path = join(root, rel);
    if (bytes === null) mkdirSync(path, { recursive: true });
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
    }
  }
  return root;
}

/** An in-memory RGB image from a paint function (alpha ignored). */
export function rgbImage(width: number, height: number, paint: Paint): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set(paint(x, y).slice(0, 3), 3 * (y * width + x));
  return { width, height, data };
}

/** Bytes that are neither a JPEG nor a PNG. */
export const GARBAGE = new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) % 256));

/** A JPEG signature followed by garbage: reaches the JPEG decoder, which must fail cleanly. */
export const BROKEN_JPEG = new Uint8Array([0xff, 0xd8, ...GARBAGE]);
