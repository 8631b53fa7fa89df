import { tf, type Tensor } from '../runtime/tf.js';

/**
 * Scales every gradient by `clip / max(norm, clip)`, `norm` the global L2 norm over all of them
 * (TensorFlow's `clip_by_global_norm`), so their direction is kept. Returns new tensors and the
 * norm before clipping.
 */
export function clipByGlobalNorm(grads: readonly Tensor[], clip: number): { grads: Tensor[]; norm: number } {
  const normT = tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))));
  const norm = normT.dataSync()[0]!;
  normT.dispose();
  const factor = norm > clip ? clip / norm : 1;
  return { grads: grads.map((g) => (factor === 1 ? tf.clone(g) : tf.mul(g, factor))), norm };
}
