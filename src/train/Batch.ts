import type { Tensor } from '../runtime/tf.js';

/**
 * One batch: images `[B, H, W, C]` and labels, either class indices `[B]` or one-hot `[B, K]`.
 * The training loop disposes both once the step is done.
 */
export interface Batch {
  xs: Tensor;
  ys: Tensor;
  /**
   * How far into its epoch the source is once this batch is taken (incep's image batches: files
   * of the epoch's order consumed). A run stopped mid-epoch records it to resume from there.
   */
  position?: number;
}

/** What the loop reads: iterated afresh every epoch (an array, or an object whose iterator restarts). */
export type BatchSource = Iterable<Batch> | AsyncIterable<Batch>;
