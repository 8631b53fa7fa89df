import { expect } from 'chai';

import { tf } from '../../../src/runtime/tf.js';
import type { Tensor, Tensor4D } from '../../../src/runtime/tf.js';
import { randomData, seeded, use } from './support.js';

describe('runtime/wasmKernels: no leaks', () => {
  let previous: string | null | undefined;
  before(() => {
    previous = tf.getBackend();
  });
  after(async () => {
    await tf.setBackend(previous ?? 'cpu');
  });

  it('a gradient step through every new kernel leaves only its outputs, step after step', async () => {
    await use('wasm');
    const r = seeded(3);
    const x = tf.tensor4d(randomData(r, [2, 9, 9, 3]), [2, 9, 9, 3]);
    const vars = {
      conv: tf.variable(tf.tensor4d(randomData(r, [3, 3, 3, 4]), [3, 3, 3, 4])),
      depthwise: tf.variable(tf.tensor4d(randomData(r, [1, 7, 4, 2]), [1, 7, 4, 2])),
      pointwise: tf.variable(tf.tensor4d(randomData(r, [1, 1, 8, 5]), [1, 1, 8, 5])),
    };
    const loss = (): tf.Scalar => {
      const a = tf.conv2d(x, vars.conv, 2, 'same');
      const b = tf.separableConv2d(a, vars.depthwise, vars.pointwise, 1, 'same');
      return tf.sum(tf.square(b));
    };
    const step = (): void => {
      const before = tf.memory().numTensors;
      const { value, grads } = tf.variableGrads(loss);
      // The outputs are the loss and one gradient per variable; nothing else may survive.
      expect(tf.memory().numTensors).to.equal(before + 1 + Object.keys(grads).length);
      tf.dispose([value, ...Object.values(grads)] as Tensor[]);
    };
    // IS_TEST makes the engine check every kernel for leaked backend data as it runs.
    const isTest = tf.env().getBool('IS_TEST');
    tf.env().set('IS_TEST', true);
    try {
      step();
      const tensors = tf.memory().numTensors;
      const dataIds = tf.engine().backend.numDataIds();
      for (let i = 0; i < 4; i++) step();
      expect(tf.memory().numTensors).to.equal(tensors);
      expect(tf.engine().backend.numDataIds()).to.equal(dataIds);
    } finally {
      tf.env().set('IS_TEST', isTest);
      tf.dispose([x, ...Object.values(vars)] as Tensor4D[]);
    }
  });

  it("leaves the kernels' inputs intact", async () => {
    await use('wasm');
    const r = seeded(4);
    const x = tf.tensor4d(randomData(r, [1, 6, 6, 2]), [1, 6, 6, 2]);
    const filter = tf.tensor4d(randomData(r, [3, 3, 2, 2]), [3, 3, 2, 2]);
    const before = [await x.data(), await filter.data()];
    const grads = tf.grads((a: Tensor, b: Tensor) =>
      tf.sum(tf.depthwiseConv2d(a as Tensor4D, b as Tensor4D, 2, 'same')),
    )([x, filter]);
    tf.dispose(grads);
    expect(await x.data()).to.deep.equal(before[0]);
    expect(await filter.data()).to.deep.equal(before[1]);
    tf.dispose([x, filter]);
  });
});
