import { tf, type LayersModel, type Tensor } from '../runtime/tf.js';
import type { BatchSource } from './Batch.js';
import { oneHot } from './oneHot.js';
import { smoothedCrossEntropy } from './smoothedCrossEntropy.js';

/** Loss and accuracies of a model on a data set. */
export interface Evaluation {
  /** Mean cross-entropy of the main output over the samples. */
  loss: number;
  top1: number;
  top5: number;
  samples: number;
  /** Top-1 hits and samples of each true class. */
  perClass: Array<{ correct: number; total: number }>;
}

/**
 * Evaluates a model in inference mode (BatchNorm on its moving statistics, no dropout) over
 * every batch: mean loss of the main output, top-1 and top-5 accuracy. Disposes the batches.
 */
export async function evaluateModel(
  model: LayersModel,
  data: BatchSource,
  options: { labelSmoothing?: number; fromLogits?: boolean } = {},
): Promise<Evaluation> {
  let loss = 0;
  let top1 = 0;
  let top5 = 0;
  let samples = 0;
  const perClass: Array<{ correct: number; total: number }> = [];
  for await (const batch of data) {
    const [l, c1, c5, truthT, predT] = tf.tidy((): [Tensor, Tensor, Tensor, Tensor, Tensor] => {
      const out = model.predict(batch.xs);
      const main = Array.isArray(out) ? out[0]! : out;
      const labels = oneHot(batch.ys, main.shape[main.shape.length - 1]!);
      const n = labels.shape[0];
      const k = Math.min(5, main.shape[main.shape.length - 1]!);
      const truth = tf.argMax(labels, -1);
      const hit1 = tf.sum(tf.cast(tf.equal(tf.argMax(main, -1), truth), 'float32'));
      const topK = tf.topk(main, k).indices;
      const hit5 = tf.sum(tf.cast(tf.equal(topK, tf.expandDims(tf.cast(truth, 'int32'), -1)), 'float32'));
      return [
        tf.mul(smoothedCrossEntropy(labels, main, options.labelSmoothing ?? 0, options.fromLogits), n),
        hit1,
        hit5,
        truth,
        tf.argMax(main, -1),
      ];
    });
    loss += (await l.data())[0]!;
    top1 += (await c1.data())[0]!;
    top5 += (await c5.data())[0]!;
    samples += batch.xs.shape[0];
    const truth = await truthT.data();
    const predicted = await predT.data();
    truth.forEach((c, i) => {
      perClass[c] ??= { correct: 0, total: 0 };
      perClass[c].total++;
      if (predicted[i] === c) perClass[c].correct++;
    });
    tf.dispose([l, c1, c5, truthT, predT, batch.xs, batch.ys]);
  }
  const n = Math.max(samples, 1);
  // Classes the data never showed count as empty rows rather than holes.
  const rows = Array.from(
    perClass,
    (r: { correct: number; total: number } | undefined) => r ?? { correct: 0, total: 0 },
  );
  return { loss: loss / n, top1: top1 / n, top5: top5 / n, samples, perClass: rows };
}
