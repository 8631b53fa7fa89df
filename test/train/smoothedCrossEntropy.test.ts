import { expect } from 'chai';
import { tf } from '../../src/runtime/tf.js';
import { clipByGlobalNorm } from '../../src/train/clipByGlobalNorm.js';
import { smoothedCrossEntropy } from '../../src/train/smoothedCrossEntropy.js';

describe('train/smoothedCrossEntropy', () => {
  before(() => tf.setBackend('cpu'));
  const probs = [
    [0.7, 0.2, 0.1],
    [0.1, 0.1, 0.8],
  ];
  const labels = [
    [1, 0, 0],
    [0, 1, 0],
  ];
  /** −Σ y′ log p averaged, with y′ = y(1−ε) + ε/K — by hand. */
  const byHand = (eps: number) =>
    probs.reduce(
      (sum, p, i) => sum - p.reduce((s, pj, j) => s + (labels[i]![j]! * (1 - eps) + eps / 3) * Math.log(pj), 0),
      0,
    ) / 2;
  for (const eps of [0, 0.1, 0.5]) {
    it(`ε = ${eps}: matches the hand computation`, async () => {
      const loss = smoothedCrossEntropy(tf.tensor2d(labels), tf.tensor2d(probs), eps);
      expect((await loss.data())[0]).to.be.closeTo(byHand(eps), 1e-6);
    });
  }
  it('from logits equals from their softmax', async () => {
    const logits = tf.tensor2d([
      [2, 1, -1],
      [0.5, 0, 3],
    ]);
    const a = (await smoothedCrossEntropy(tf.tensor2d(labels), logits, 0.1, true).data())[0]!;
    const b = (await smoothedCrossEntropy(tf.tensor2d(labels), tf.softmax(logits), 0.1).data())[0]!;
    expect(a).to.be.closeTo(b, 1e-6);
  });
});

describe('train/clipByGlobalNorm', () => {
  before(() => tf.setBackend('cpu'));
  it('scales every gradient by clip / global norm when above the clip', async () => {
    // Global norm of [3] and [4] is 5; clipped to 2, each is scaled by 0.4.
    const { grads, norm } = clipByGlobalNorm([tf.tensor1d([3]), tf.tensor1d([0, 4])], 2);
    expect(norm).to.be.closeTo(5, 1e-6);
    expect(Array.from(await grads[0]!.data())).to.deep.equal([Math.fround(1.2)]);
    expect(Array.from(await grads[1]!.data())).to.deep.equal([0, Math.fround(1.6)]);
  });
  it('leaves gradients under the clip as they are', async () => {
    const { grads } = clipByGlobalNorm([tf.tensor1d([0.3, 0.4])], 2);
    expect(Array.from(await grads[0]!.data())).to.deep.equal([Math.fround(0.3), Math.fround(0.4)]);
  });
});
