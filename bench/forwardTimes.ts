import { performance } from 'node:perf_hooks';
import type { LayersModel, Tensor } from '../src/runtime/tf.js';

/**
 * Milliseconds of `runs` forward passes of `model` on `x`, each read back to the CPU (so
 * asynchronous backends are timed to the end), after one untimed pass that pays for kernel
 * set-up and weight uploads.
 */
export async function forwardTimes(model: LayersModel, x: Tensor, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const y = model.predict(x) as Tensor;
    await y.data();
    y.dispose();
    if (i > 0) times.push(performance.now() - t0);
  }
  return times;
}

/** The `q` quantile (0.5 = median) of `values`, by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}
