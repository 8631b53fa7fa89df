import { expect } from 'chai';
import { compileFile } from '../../src/compile.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';
import { tf } from '../../src/runtime/tf.js';
import type { Batch } from '../../src/train/Batch.js';
import { train } from '../../src/train/trainModel.js';

/** Four classes, each a bright quadrant of the image, plus seeded noise. */
function batches(count: number, size: number, seed: number): Batch[] {
  return Array.from({ length: count }, (_, b) =>
    tf.tidy(() => {
      const labels = Array.from({ length: size }, (_, i) => (i + b) % 4);
      const xs = tf.stack(
        labels.map((c, i) => {
          const quadrant = tf.pad(tf.ones([37, 37, 3]), [
            [c < 2 ? 0 : 38, c < 2 ? 38 : 0],
            [c % 2 === 0 ? 0 : 38, c % 2 === 0 ? 38 : 0],
            [0, 0],
          ]);
          return tf.add(quadrant, tf.randomNormal([75, 75, 3], 0, 0.5, 'float32', seed * 1000 + b * size + i));
        }),
      );
      return { xs, ys: tf.tensor1d(labels, 'int32') };
    }),
  );
}

function source(data: Batch[]): Iterable<Batch> {
  return {
    *[Symbol.iterator]() {
      for (const b of data) yield { xs: b.xs.clone(), ys: b.ys.clone() };
    },
  };
}

describe('train: a width-0.125 InceptionV3 learns on wasm', function () {
  this.timeout(600_000);
  before(async () => {
    expect((await selectBackend('wasm')).ok).to.equal(true);
  });

  it('its loss falls by more than 10% in a few epochs, the same with the same seed', async () => {
    // Keras-convention BatchNorm (scale=false), the aux head at weight 0.4, label smoothing 0.1;
    // Adam, which moves a network this small further in a few steps than the paper's RMSProp.
    const r = compileFile('specs/inception_v3.incep', { input: [75, 75, 3], classes: 4, width: 0.125 });
    expect(r.ok).to.equal(true);
    const recipe = {
      ...r.ir!.train!,
      optimizer: { name: 'adam' as const, options: { lr: 0.003 } },
      schedule: undefined,
    };
    const data = batches(3, 8, 7);
    const run = () => train(r.ir!, source(data), { recipe, epochs: 5, seed: 42 });
    const first = await run();
    const losses = first.history.map((h) => h.loss);
    expect(losses[4]).to.be.below(losses[0]! * 0.9);
    const second = await run();
    second.history.forEach((h, i) => expect(h.loss).to.be.closeTo(losses[i]!, 1e-4));
    first.model.dispose();
    second.model.dispose();
    tf.dispose(data.flatMap((b) => [b.xs, b.ys]));
  });
});
