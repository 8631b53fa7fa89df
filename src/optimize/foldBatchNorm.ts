import { tf, type Tensor } from '../runtime/tf.js';

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
 * The weights of a linear layer with a batch norm folded into it:
 * `W' = W·s`, `b' = (b − mean)·s + β` with `s = γ / sqrt(var + ε)` per output channel.
 *
 * `weights` are the layer's own, in tfjs order (kernel(s), then the bias when `hasBias`); the
 * result always ends with a bias, so the rebuilt layer needs `useBias: true`. For
 * SeparableConv2D only the pointwise kernel scales (it alone produces the output channels);
 * for DepthwiseConv2D output channel `c·multiplier + m` is kernel entry `[…, c, m]`. The
 * caller owns (and disposes) the returned tensors.
 */
export function foldBatchNorm(
  className: FoldableClass,
  weights: readonly Tensor[],
  hasBias: boolean,
  bn: BatchNormStats,
): Tensor[] {
  return tf.tidy(() => {
    let scale = tf.rsqrt(tf.add(bn.movingVariance, bn.epsilon));
    if (bn.gamma) scale = tf.mul(scale, bn.gamma);
    const kernels = hasBias ? weights.slice(0, -1) : [...weights];
    const bias = hasBias ? weights[weights.length - 1]! : tf.zerosLike(bn.movingMean);
    const scaled = kernels.length - 1; // the kernel whose last axis (or last two, depthwise) is the output channels
    const folded = kernels.map((kernel, i) => {
      if (i !== scaled) return tf.clone(kernel);
      if (className !== 'DepthwiseConv2D') return tf.mul(kernel, scale);
      return tf.mul(kernel, tf.reshape(scale, kernel.shape.slice(-2)));
    });
    let newBias = tf.mul(tf.sub(bias, bn.movingMean), scale);
    if (bn.beta) newBias = tf.add(newBias, bn.beta);
    return [...folded, newBias];
  });
}
