import { expect } from 'chai';
import { compile } from '../../src/compile.js';
import type { IRModel } from '../../src/ir/ir.js';
import { tf, type Tensor } from '../../src/runtime/tf.js';
import type { Batch } from '../../src/train/Batch.js';
import { evaluateModel } from '../../src/train/evaluateModel.js';
import { smoothedCrossEntropy } from '../../src/train/smoothedCrossEntropy.js';
import { train, TrainingDiverged } from '../../src/train/trainModel.js';

function ir(source: string): IRModel {
  const r = compile(source, { filename: 'train.incep' });
  if (!r.ir) throw new Error(JSON.stringify(r.diagnostics));
  return r.ir;
}

/**
 * A learnable synthetic task: class 0 images are bright in the top half, class 1 in the bottom
 * half, plus noise; deterministic from the seed.
 */
function batches(count: number, size: number, seed: number): Batch[] {
  return Array.from({ length: count }, (_, b) =>
    tf.tidy(() => {
      const labels = tf.tensor1d(
        Array.from({ length: size }, (_, i) => (i + b) % 2),
        'int32',
      );
      const top = tf.concat([tf.ones([1, 4, 8, 1]), tf.zeros([1, 4, 8, 1])], 1);
      const pattern = tf.where(
        tf.reshape(tf.equal(labels, 0), [size, 1, 1, 1]),
        tf.tile(top, [size, 1, 1, 1]),
        tf.tile(tf.reverse(top, 1), [size, 1, 1, 1]),
      );
      const xs = tf.add(
        tf.tile(pattern, [1, 1, 1, 3]),
        tf.mul(tf.randomNormal([size, 8, 8, 3], 0, 1, 'float32', seed + b), 0.5),
      );
      return { xs, ys: labels };
    }),
  );
}

/** A re-iterable source whose batches are copies (the loop disposes what it is given). */
function source(data: Batch[]): Iterable<Batch> {
  return {
    *[Symbol.iterator]() {
      for (const b of data) yield { xs: b.xs.clone(), ys: b.ys.clone() };
    },
  };
}

const NET = `
model Net {
  input 8x8x3
  classes 2
  defaults { conv: same relu }
  block A { branch { conv 8 1x1 } branch { conv 8 3x3 } }
  stem { conv 8 3x3 bn }
  body { A as mixed0 }
  aux side at mixed0 weight 0.3 { globalavgpool; dense classes softmax }
  head { globalavgpool; dense classes softmax }
  train { optimizer momentum(lr=0.1, momentum=0.9); label_smoothing 0.1; epochs 6 }
}`;

describe('train/trainModel', function () {
  this.timeout(120_000);
  before(() => tf.setBackend('cpu'));

  it("learns a synthetic task with the spec's recipe: loss falls by more than 10%, accuracy rises", async () => {
    const data = batches(4, 16, 1);
    const val = batches(2, 16, 100);
    const { model, history } = await train(ir(NET), source(data), { validation: source(val), seed: 1 });
    expect(history).to.have.length(6);
    expect(history[5]!.loss).to.be.below(history[0]!.loss * 0.9);
    expect(history[5]!.valAccuracy).to.be.above(0.9);
    model.dispose();
    tf.dispose([...data, ...val].flatMap((b) => [b.xs, b.ys]));
  });

  it('leaks no tensor: the count after three epochs equals that after one', async () => {
    const data = batches(2, 8, 2);
    const counts: number[] = [];
    const { model } = await train(ir(NET), source(data), {
      epochs: 3,
      onEpochEnd: () => void counts.push(tf.memory().numTensors),
    });
    expect(counts[2]).to.equal(counts[0]);
    model.dispose();
    tf.dispose(data.flatMap((b) => [b.xs, b.ys]));
  });

  it('adds the aux loss with its weight and the L2 weight decay to the main loss', async () => {
    // No BatchNorm or dropout: the training-mode outputs equal predict's, so the first step's
    // loss can be computed by hand before it is taken.
    const spec = NET.replace('stem { conv 8 3x3 bn }', 'stem { conv 8 3x3 }').replace(
      'epochs 6',
      'epochs 1; weight_decay 0.01',
    );
    const model = ir(spec);
    const [batch] = batches(1, 8, 3);
    const { buildModel } = await import('../../src/backends/tfjs/buildModel.js');
    const built = buildModel(model, { aux: true });
    const [main, aux] = built.predict(batch!.xs) as Tensor[];
    const labels = tf.oneHot(tf.cast(batch!.ys, 'int32'), 2);
    const kernels = built.trainableWeights.filter((w) => w.originalName.endsWith('kernel')).map((w) => w.read());
    const l2 = tf.mul(tf.addN(kernels.map((k) => tf.sum(tf.square(k)))), 0.01 / 2);
    const expected = tf.add(
      tf.add(smoothedCrossEntropy(labels, main!, 0.1), tf.mul(smoothedCrossEntropy(labels, aux!, 0.1), 0.3)),
      l2,
    );
    const want = (await expected.data())[0]!;
    const { history } = await train(built, source([batch!]), { recipe: model.train!, auxWeights: [0.3] });
    expect(history[0]!.loss).to.be.closeTo(want, 1e-5);
    built.dispose();
  });

  it('freezes everything up to the instance the recipe names', async () => {
    const model = ir(NET.replace('epochs 6', 'epochs 2; freeze mixed0'));
    expect(model.train!.freeze!.layer).to.equal('mixed0');
    const data = batches(2, 8, 4);
    const { model: trained } = await train(model, source(data));
    const stem = trained.getLayer('stem_conv1');
    const head = trained.getLayer('head_dense1');
    expect(stem.trainable).to.equal(false);
    expect(head.trainable).to.equal(true);
    trained.dispose();
    tf.dispose(data.flatMap((b) => [b.xs, b.ys]));
  });

  it('stops with the step and a hint when the loss is no longer a number', async () => {
    const bad: Batch = { xs: tf.fill([2, 8, 8, 3], Number.NaN), ys: tf.tensor1d([0, 1], 'int32') };
    let error: unknown;
    try {
      await train(ir(NET), [bad]);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(TrainingDiverged);
    expect((error as Error).message).to.match(/the loss became NaN at epoch 1, step 1 .*lower the learning rate/);
  });

  it('evaluates loss, top-1 and top-5 in inference mode', async () => {
    const data = batches(2, 8, 5);
    const { model } = await train(ir(NET.replace('epochs 6', 'epochs 1')), source(data));
    const e = await evaluateModel(model, source(data));
    expect(e.samples).to.equal(16);
    expect(e.top5).to.equal(1); // two classes: the true one is always in the top five
    expect(e.top1).to.be.within(0, 1);
    expect(e.loss).to.be.above(0);
    // Per class: the two classes' top-1 hits add up to the total.
    expect(e.perClass.map((r) => r.total)).to.deep.equal([8, 8]);
    expect(e.perClass.reduce((n, r) => n + r.correct, 0)).to.equal(Math.round(e.top1 * 16));
    model.dispose();
    tf.dispose(data.flatMap((b) => [b.xs, b.ys]));
  });
});
