import { expect } from 'chai';

import { buildModel } from '../../../src/backends/tfjs/buildModel.js';
import { compile } from '../../../src/compile.js';
import { tf } from '../../../src/runtime/tf.js';
import type { Tensor } from '../../../src/runtime/tf.js';
import { expectClose, randomData, seeded, use } from './support.js';

// Every op an Inception network trains through: convs with strides 1 and 2, same and valid
// padding, 1x7 and 7x1 kernels; sepconv (stride 1 and 2, multiplier 2); BN; relu, relu6, sigmoid;
// max and avg pools (same and valid, strides); concat; LRN; a scaled residual add; an aux head
// with flatten, dense and dropout; global average pooling; softmax. Dilation is left out: tfjs's
// own conv gradients reject dilation > 1 on every backend, cpu included.
const SPEC = `
model Tiny {
  input 27x27x3
  classes 4
  defaults { conv: nobias bn relu same }
  block Mixed {
    branch b1 { conv 8 1x1 }
    branch b7 { conv 8 1x1; conv 8 1x7; conv 8 7x1 act=relu6 }
    branch bs { sepconv 8 3x3 same depth_multiplier=2 nobias relu }
    branch bp { avgpool 3x3 /1 same; conv 8 1x1 act=sigmoid }
    branch bm { maxpool 3x3 /1 same }
  }
  block Res residual(scale=0.2) {
    branch { conv 8 1x1 }
    branch { conv 8 1x1; conv 8 3x3 }
    project conv in 1x1 bias linear nobn
  }
  stem { conv 8 3x3 /2 valid; conv 8 3x3 valid; maxpool 3x3 /2 same; lrn }
  body { Mixed as mixed1; Res; sepconv 16 3x3 /2 same depth_multiplier=2 relu6; avgpool 2x2 /1 valid }
  aux side at mixed1 weight 0.3 { avgpool 3x3 /3 valid; conv 8 1x1; flatten; dense 16 relu; dropout 0.5; dense classes softmax }
  head { globalavgpool; dropout 0.3; dense classes softmax }
}
`;

/** Loss value and gradients of one training step of the model, on the active backend. */
function step(weights: Float32Array[], x: Float32Array, labels: number[]): { loss: number; grads: Tensor[] } {
  const result = compile(SPEC);
  expect(result.ok, JSON.stringify(result.diagnostics)).to.equal(true);
  const model = buildModel(result.ir!, { aux: true });
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i]!, w.shape)));
  // Dropout draws its mask through Math.random; the same seed on both backends gives the same mask.
  const random = Math.random;
  Math.random = seeded(99);
  try {
    const input = tf.tensor4d(x, [labels.length, 27, 27, 3]);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 4);
    const { value, grads } = tf.variableGrads(() => {
      const [main, aux] = model.apply(input, { training: true }) as Tensor[];
      // Softmax cross-entropy as tfjs-layers trains with it, plus tf.losses' fused form.
      const ce = tf.mean(tf.metrics.categoricalCrossentropy(y, main!));
      const side = tf.mul(tf.mean(tf.metrics.categoricalCrossentropy(y, aux!)), 0.3);
      return tf.addN([ce, side, tf.losses.softmaxCrossEntropy(y, main!)]) as tf.Scalar;
    });
    // A LayerVariable's name is its tf.Variable's, which keys the gradients.
    const names = model.trainableWeights.map((w) => w.name);
    const loss = value.dataSync()[0]!;
    const ordered = names.map((n) => grads[n]!);
    tf.dispose([input, y, value]);
    return { loss, grads: ordered };
  } finally {
    Math.random = random;
    model.dispose();
  }
}

describe('runtime/wasmKernels: a small Inception trains on wasm', () => {
  let previous: string | null | undefined;
  before(() => {
    previous = tf.getBackend();
  });
  after(async () => {
    await tf.setBackend(previous ?? 'cpu');
  });

  it('tf.variableGrads on wasm equals cpu', async () => {
    // Weights come from a cpu build and move to the other backend as data.
    await use('cpu');
    const probe = buildModel(compile(SPEC).ir!, { aux: true });
    const weights = await Promise.all(probe.getWeights().map(async (w) => (await w.data()) as Float32Array));
    probe.dispose();
    const r = seeded(11);
    const x = randomData(r, [3, 27, 27, 3]);
    const labels = [0, 3, 2];

    const run = async (
      name: 'cpu' | 'wasm',
    ): Promise<{ loss: number; grads: Array<{ shape: number[]; values: Float32Array }> }> => {
      await use(name);
      const { loss, grads } = step(weights, x, labels);
      const read = await Promise.all(
        grads.map(async (g) => ({ shape: g.shape, values: (await g.data()) as Float32Array })),
      );
      tf.dispose(grads);
      return { loss, grads: read };
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(wasm.grads.length).to.equal(cpu.grads.length).and.to.be.greaterThan(30);
    expect(Math.abs(wasm.loss - cpu.loss) / Math.abs(cpu.loss)).to.be.at.most(1e-4);
    // Each kernel is held to 1e-4 on its own (gradients.test.ts). Through the whole network the
    // float32 sums of two backends drift further: a kernel feeding a training-mode BatchNorm gets
    // a gradient that is the small difference of nearly cancelling terms (BN removes the batch
    // mean), so its relative error grows with depth and differs between CPUs (1.3e-4 on the CI machine,
    // under 1e-4 on this one). A wrong kernel is off by O(1), far outside 1e-3.
    cpu.grads.forEach((g, i) => expectClose(wasm.grads[i]!, g, `gradient ${i}`, 1e-3));
  });
});
