import type { IRTrain } from '../ir/ir.js';

/** What the learning rate of a step depends on besides the recipe. */
export interface Progress {
  /** 0-based step of the whole run. */
  step: number;
  stepsPerEpoch: number;
  /** Steps of the whole run (for `cosine` without `epochs`). */
  totalSteps: number;
}

/**
 * The learning rate of one step: the optimizer's base rate under the schedule, after a linear
 * warm-up from 0 over `warmup` steps when the recipe has one (the schedule then counts from the
 * end of the warm-up, as timm does).
 *
 * - `constant`: the base rate;
 * - `exponential(rate, every, staircase)`: `lr · rate^(t / every)`, the exponent floored with
 *   staircase (TensorFlow's `exponential_decay`; `every` in epochs or steps);
 * - `step(rate, every)`: `lr · rate^⌊t / every⌋`;
 * - `cosine(epochs, min_lr)`: `min_lr + (lr − min_lr)·(1 + cos(π·t/T))/2`, T the schedule's epochs
 *   (else the run's remaining steps), then `min_lr`.
 */
export function learningRate(recipe: IRTrain, baseLr: number, p: Progress): number {
  const warmup = recipe.warmup
    ? recipe.warmup.unit === 'epochs'
      ? recipe.warmup.value * p.stepsPerEpoch
      : recipe.warmup.value
    : 0;
  if (p.step < warmup) return (baseLr * (p.step + 1)) / warmup;
  const t = p.step - warmup;
  const s = recipe.schedule;
  if (!s || s.name === 'constant') return baseLr;
  const every = s.every
    ? s.every.unit === 'epochs'
      ? s.every.value * p.stepsPerEpoch
      : s.every.value
    : p.stepsPerEpoch;
  const rate = s.options['rate'] ?? 1;
  switch (s.name) {
    case 'exponential': {
      const exponent = t / every;
      return baseLr * rate ** (s.staircase ? Math.floor(exponent) : exponent);
    }
    case 'step':
      return baseLr * rate ** Math.floor(t / every);
    case 'cosine': {
      const minLr = s.options['min_lr'] ?? 0;
      const epochs = s.options['epochs'];
      const span = epochs !== undefined ? epochs * p.stepsPerEpoch : p.totalSteps - warmup;
      if (span <= 0 || t >= span) return minLr;
      return minLr + ((baseLr - minLr) * (1 + Math.cos((Math.PI * t) / span))) / 2;
    }
  }
}
