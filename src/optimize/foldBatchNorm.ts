import { tf, type Tensor } from '../runtime/tf.js';
import { foldBatchNormValues } from './foldBatchNormValues.js';

/** Layer classes whose output channels a following batch norm can be folded into. */
export const FOLDABLE_CLASSES = ['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Dense'] as const;

/** One of {@link FOLDABLE_CLASSES}. */
export type FoldableClass = (typeof FOLDABLE_CLASSES)[number];

/** A BatchNormalization layer's inference-time parameters; `gamma`/`beta` are absent when `scale`/`center` is false. */
export interface BatchNormStats {
  gamma?: Tensor;
  beta?: Tensor;
  movingMean: Tensor;
  movingVariance: Tensor;
  epsilon: number;
}

/**
 * The weights of one of {@link FOLDABLE_CLASSES} with a batch norm folded into it, as tensors:
 * {@link foldBatchNormValues} on the tensors' values (the one place the math lives, shared with
 * the ONNX exporter).
 *
 * `weights` are the layer's own, in tfjs order (kernel(s), then the bias when `hasBias`); the
 * result always ends with a bias, so the rebuilt layer needs `useBias: true`. The caller owns
 * (and disposes) the returned tensors.
 */
export function foldBatchNorm(weights: readonly Tensor[], hasBias: boolean, bn: BatchNormStats): Tensor[] {
  const read = (t: Tensor): Float32Array => t.dataSync() as Float32Array;
  const folded = foldBatchNormValues(
    weights.map((w) => ({ values: read(w), shape: w.shape })),
    hasBias,
    {
      movingMean: read(bn.movingMean),
      movingVariance: read(bn.movingVariance),
      epsilon: bn.epsilon,
      ...(bn.gamma ? { gamma: read(bn.gamma) } : {}),
      ...(bn.beta ? { beta: read(bn.beta) } : {}),
    },
  );
  return folded.map((w) => tf.tensor(w.values, [...w.shape], 'float32'));
}
