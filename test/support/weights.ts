import { tf } from '../../src/runtime/tf.js';
import type { LayersModel } from '../../src/runtime/tf.js';

/**
 * Number of scalars in a list of weights (`model.trainableWeights`, …). A null dimension, which
 * a built layer never has, turns the sum into NaN so a test fails loudly instead of undercounting.
 */
export function weightCount(weights: ReadonlyArray<{ shape: ReadonlyArray<number | null> }>): number {
  return weights.reduce((sum, w) => sum + w.shape.reduce<number>((a, d) => a * (d ?? NaN), 1), 0);
}

/** Ranges for each batch-norm weight, chosen so every one visibly changes the output. */
const BN_RANGES: Record<string, [number, number]> = {
  gamma: [0.5, 1.5],
  beta: [-0.2, 0.2],
  moving_mean: [-0.2, 0.2],
  // Kept away from 0: a tiny variance would amplify activations layer after layer.
  moving_variance: [0.5, 1.5],
};

/**
 * Gives every BatchNormalization layer of `model` random (seeded) gamma, beta and moving
 * statistics. Fresh layers hold 1, 0, 0, 1 — an identity at inference — so without this a model
 * whose batch norms were miswired, or whose stats were lost in a save, would still look right.
 * Weights are told apart by `originalName`, because tfjs uniquifies `name` process-wide.
 */
export function randomizeBatchNorm(model: LayersModel, seed: number): void {
  let n = 0;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const values = layer.weights.map((w) => {
      const kind = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
      const range = BN_RANGES[kind];
      if (!range) throw new Error(`unexpected batch-norm weight '${w.originalName}'`);
      return tf.randomUniform(w.shape as number[], range[0], range[1], 'float32', seed + n++);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}
