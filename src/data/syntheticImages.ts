import type { RgbImage } from '../predict/decodeImage.js';
import type { ImageFile, ImageFolder } from './ImageFolder.js';
import { seededRandom } from './seededRandom.js';

/** What `syntheticImages` generates. */
export interface SyntheticOptions {
  /** Images in all, spread evenly over the classes (the first classes get the remainder). */
  count: number;
  classes: number;
  height: number;
  width: number;
  seed: number;
}

/** The `root` of a generated set: no such folder exists. */
export const SYNTHETIC_ROOT = '<synthetic>';

/**
 * A small learnable image set generated in memory, shaped like a scanned folder (so it splits
 * and batches the same way) for smoke-testing a training run without data on disk. Each class
 * is stripes of its own hue (hues evenly spaced round the colour wheel), horizontal for even
 * classes and vertical for odd ones, with a per-class stripe period; every image gets a random
 * phase, brightness and pixel noise from `seed`. Hue and orientation survive random crops and
 * mirroring, so the classes stay separable after augmentation.
 */
export function syntheticImages(options: SyntheticOptions): ImageFolder {
  const { count, classes, height, width, seed } = options;
  for (const key of ['count', 'classes', 'height', 'width'] as const) {
    const v = options[key];
    // Programmer error, not user input: the command line checks its numbers before this.
    if (!Number.isInteger(v) || v < 1)
      throw new RangeError(`syntheticImages: ${key} must be a positive integer, not ${v}`);
  }
  const digits = String(classes - 1).length;
  const names = Array.from({ length: classes }, (_, k) => `class_${String(k).padStart(digits, '0')}`);
  const files: ImageFile[] = [];
  for (let label = 0; label < classes; label++) {
    const n = Math.floor(count / classes) + (label < count % classes ? 1 : 0);
    for (let j = 0; j < n; j++) {
      const random = seededRandom(seed, label, j);
      files.push({
        path: `${SYNTHETIC_ROOT}/${names[label]}/${String(j).padStart(5, '0')}.png`,
        label,
        image: stripes(label, classes, height, width, random),
      });
    }
  }
  return { root: SYNTHETIC_ROOT, classes: names, files };
}

function stripes(label: number, classes: number, height: number, width: number, random: () => number): RgbImage {
  const [r, g, b] = hueToRgb(label / classes);
  const period = Math.max(2, Math.round(Math.min(height, width) / (3 + (label % 3))));
  const phase = Math.floor(random() * period);
  const brightness = 0.8 + 0.4 * random();
  const horizontal = label % 2 === 0;
  const data = new Uint8Array(height * width * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (horizontal ? y : x) + phase;
      const on = t % period < period / 2 ? 1 : 0.35;
      const o = 3 * (y * width + x);
      data[o] = clamp(r * on * brightness + noise(random));
      data[o + 1] = clamp(g * on * brightness + noise(random));
      data[o + 2] = clamp(b * on * brightness + noise(random));
    }
  }
  return { width, height, data };
}

/** Uniform pixel noise of ±24 levels. */
function noise(random: () => number): number {
  return (random() - 0.5) * 48;
}

function clamp(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}

/** A saturated colour of hue `h` ∈ [0, 1) (HSV with s = 0.85, v = 230/255). */
function hueToRgb(h: number): [number, number, number] {
  const v = 230;
  const s = 0.85;
  const channel = (n: number): number => {
    const k = (n + h * 6) % 6;
    return v - v * s * Math.max(0, Math.min(k, 4 - k, 1));
  };
  return [channel(5), channel(3), channel(1)];
}
