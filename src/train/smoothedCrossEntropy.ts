import { tf, type Scalar, type Tensor } from '../runtime/tf.js';

/** Keras's clip of probabilities before the log, so a confident wrong answer costs log(1e7), not ∞. */
const EPSILON = 1e-7;

/**
 * Categorical cross-entropy with label smoothing, averaged over the batch: the one-hot labels
 * become `y·(1 − ε) + ε/K` ("Rethinking the Inception Architecture", §7), then
 * `−Σ y′·log p`. `outputs` are probabilities (a softmax head), or logits with `fromLogits`.
 */
export function smoothedCrossEntropy(oneHot: Tensor, outputs: Tensor, smoothing: number, fromLogits = false): Scalar {
  return tf.tidy(() => {
    const k = oneHot.shape[oneHot.shape.length - 1]!;
    const target = smoothing > 0 ? tf.add(tf.mul(oneHot, 1 - smoothing), smoothing / k) : oneHot;
    const logP = fromLogits ? tf.logSoftmax(outputs) : tf.log(tf.clipByValue(outputs, EPSILON, 1 - EPSILON));
    return tf.neg(tf.mean(tf.sum(tf.mul(target, logP), -1))) as Scalar;
  });
}
