import type { CropBox } from './CropBox.js';
import type { Random } from './seededRandom.js';

/** The ranges of `randomResizedCrop`; the defaults are the Inception papers' (and torchvision's). */
export interface RandomResizedCropOptions {
  /** Fraction of the image area, [min, max]. */
  scale?: [number, number];
  /** Width / height, [min, max], drawn log-uniformly. */
  ratio?: [number, number];
  attempts?: number;
}

/**
 * Draws the crop of torchvision's `RandomResizedCrop.get_params` (GoogLeNet's "8%–100% of the
 * area, aspect ratio 3/4–4/3"): up to 10 tries at a random area and log-uniform aspect ratio
 * that fit inside the image, then a central crop with the ratio clamped into range. Sizes are
 * rounded half-to-even like Python's `round`, so the same draws give torchvision's box.
 */
export function randomResizedCrop(
  height: number,
  width: number,
  random: Random,
  options: RandomResizedCropOptions = {},
): CropBox {
  const [minScale, maxScale] = options.scale ?? [0.08, 1];
  const [minRatio, maxRatio] = options.ratio ?? [3 / 4, 4 / 3];
  const attempts = options.attempts ?? 10;
  const area = height * width;
  const logMin = Math.log(minRatio);
  const logMax = Math.log(maxRatio);
  for (let i = 0; i < attempts; i++) {
    const target = area * (minScale + (maxScale - minScale) * random());
    const ratio = Math.exp(logMin + (logMax - logMin) * random());
    const w = roundHalfEven(Math.sqrt(target * ratio));
    const h = roundHalfEven(Math.sqrt(target / ratio));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      const top = Math.floor(random() * (height - h + 1));
      const left = Math.floor(random() * (width - w + 1));
      return { top, left, height: h, width: w };
    }
  }
  // Every try fell outside (a very long or tall image): the largest central crop in range.
  const inRatio = width / height;
  let w = width;
  let h = height;
  if (inRatio < minRatio) h = Math.max(1, Math.min(height, roundHalfEven(w / minRatio)));
  else if (inRatio > maxRatio) w = Math.max(1, Math.min(width, roundHalfEven(h * maxRatio)));
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
