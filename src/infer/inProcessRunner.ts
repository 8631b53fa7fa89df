import { tf, type LayersModel } from '../runtime/tf.js';
import type { BatchRunner } from './BatchRunner.js';

/**
 * A {@link BatchRunner} on the active tfjs backend of this thread, one batch at a time. It owns
 * `model` and disposes it.
 */
export function inProcessRunner(model: LayersModel, description: string): BatchRunner {
  let disposed = false;
  return {
    description,
    parallelism: 1,
    async run(x, shape) {
      if (disposed) return { ok: false, message: 'the model was disposed' };
      try {
        const input = tf.tensor4d(x, [...shape]);
        const y = model.predict(input);
        const main = Array.isArray(y) ? y[0]! : y;
        try {
          return { ok: true, output: await main.data<'float32'>() };
        } finally {
          tf.dispose([input, y]);
        }
      } catch (e) {
        return { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
    },
    dispose() {
      if (!disposed) model.dispose();
      disposed = true;
      return Promise.resolve();
    },
  };
}
