import type { DataError, ImageFile, ImageFolder } from './ImageFolder.js';
import { seededRandom } from './seededRandom.js';
import { shuffled } from './shuffled.js';

/** The two halves of a split, or why the fraction is not one. */
export type SplitResult = { ok: true; train: ImageFolder; validation: ImageFolder } | DataError;

/**
 * Splits a set into training and validation, stratified: each class gives `round(n × fraction)`
 * of its `n` images to validation (at most `n − 1`, so every class can still be trained on),
 * picked by a shuffle seeded from `seed` and the class, so the split is the same on every run and
 * one class's size does not change another's pick. Both halves keep the classes and the
 * original file order.
 */
export function splitFolder(folder: ImageFolder, fraction: number, seed: number): SplitResult {
  if (!(fraction >= 0 && fraction < 1)) {
    return {
      ok: false,
      message: `the validation fraction must be at least 0 and below 1, not ${fraction}`,
      hint: 'use a fraction such as 0.2 to hold out a fifth of each class',
    };
  }
  const byClass = folder.classes.map((): number[] => []);
  folder.files.forEach((f, i) => byClass[f.label]?.push(i));
  const held = new Set<number>();
  byClass.forEach((indices, label) => {
    const n = Math.min(Math.round(indices.length * fraction), Math.max(indices.length - 1, 0));
    for (const i of shuffled(indices, seededRandom(seed, label)).slice(0, n)) held.add(i);
  });
  const train: ImageFile[] = [];
  const validation: ImageFile[] = [];
  folder.files.forEach((f, i) => (held.has(i) ? validation : train).push(f));
  return {
    ok: true,
    train: { ...folder, classes: folder.classes.slice(), files: train },
    validation: { ...folder, classes: folder.classes.slice(), files: validation },
  };
}
