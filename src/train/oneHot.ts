import { tf, type Tensor } from '../runtime/tf.js';

/** Labels as one-hot `[B, K]`: class indices `[B]` are expanded, one-hot labels pass through (copied). */
export function oneHot(ys: Tensor, classes: number): Tensor {
  if (ys.rank === 2) return tf.cast(ys, 'float32');
  return tf.tidy(() => tf.cast(tf.oneHot(tf.cast(ys, 'int32'), classes), 'float32'));
}
