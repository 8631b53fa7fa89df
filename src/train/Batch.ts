import type { Tensor } from '../runtime/tf.js';

/**
 * One batch: images `[B, H, W, C]` and labels, either class indices `[B]` or one-hot `[B, K]`.
 * The training loop disposes both once the step is done.
 */
export interface Batch {
  xs: Tensor;
  ys: Tensor;
}

/** What the loop reads: iterated afresh every epoch (an array, or an object whose iterator restarts). */
export type BatchSource = Iterable<Batch> | AsyncIterable<Batch>;
