/**
 * Inference of `optimizeForInference`'s folded graph against the model `buildModel` makes, same
 * weights, same backend, in one process: InceptionV3 at 299x299, batch 1. A ratio, not a time.
 */
import { performance } from 'node:perf_hooks';
import { buildModel } from '../src/backends/tfjs/buildModel.js';
import { compileFile } from '../src/compile.js';
import { optimizeForInference } from '../src/optimize/optimizeForInference.js';
import { tf, type LayersModel, type Tensor } from '../src/runtime/tf.js';

/** Median milliseconds of a forward pass, after two warm-up passes. */
async function forwardMs(model: LayersModel, x: Tensor, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    const y = model.predict(x) as Tensor;
    await y.data();
    y.dispose();
    if (i >= 2) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Prints built vs optimized ms per image and the speed-up, on the backend already selected. */
export async function benchOptimize(row: (cells: Array<string | number>) => string): Promise<void> {
  const model = buildModel(compileFile('specs/inception_v3.incep').ir!);
  const optimized = optimizeForInference(model);
  const x = tf.randomUniform([1, 299, 299, 3], -1, 1, 'float32', 1);
  // Interleaved, so a slow patch of the machine hurts both alike.
  const built: number[] = [];
  const folded: number[] = [];
  for (let round = 0; round < 3; round++) {
    built.push(await forwardMs(model, x, 3));
    folded.push(await forwardMs(optimized, x, 3));
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  console.log(`\noptimize: InceptionV3 299x299 batch 1, backend ${tf.getBackend()} (median of 3 rounds of 3)`);
  console.log(row(['model', 'layers', 'ms', 'speed-up']));
  console.log(row(['buildModel', model.layers.length, med(built).toFixed(0), '1.00x']));
  console.log(
    row(['optimized', optimized.layers.length, med(folded).toFixed(0), `${(med(built) / med(folded)).toFixed(2)}x`]),
  );
  tf.dispose(x);
  model.dispose();
  optimized.dispose();
}
