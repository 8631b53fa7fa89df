import { expect } from 'chai';
import { tf, type Variable } from '../../src/runtime/tf.js';
import { makeOptimizer } from '../../src/train/makeOptimizer.js';
import type { IRTrain } from '../../src/ir/ir.js';

type Recipe = NonNullable<IRTrain['optimizer']>;

/** Two steps from w = [1, -2] with gradients g1 = [0.5, -1], g2 = [0.1, 0.3] at lr 0.1 (the second at 0.05). */
const W0 = [1, -2];
const G1 = [0.5, -1];
const G2 = [0.1, 0.3];

/** The published update rules, written out per element. */
function byHand(name: string, o: Record<string, number>, flags: Record<string, boolean> = {}): number[] {
  return W0.map((w0, i) => {
    const gs = [G1[i]!, G2[i]!];
    const lrs = [0.1, 0.05];
    let w = w0;
    let s1 = 0; // momentum / ms / m
    let s2 = 0; // mom / v
    let s3 = 0; // mg
    gs.forEach((g, t) => {
      const lr = lrs[t]!;
      if (name === 'sgd') w -= lr * g;
      if (name === 'momentum') {
        const m = o['momentum']!;
        s1 = m * s1 - lr * g;
        w += flags['nesterov'] ? m * s1 - lr * g : s1;
      }
      if (name === 'rmsprop') {
        const { rho, momentum, epsilon } = o as { rho: number; momentum: number; epsilon: number };
        s1 = rho * s1 + (1 - rho) * g * g;
        s3 = rho * s3 + (1 - rho) * g;
        const denom = flags['centered'] ? s1 - s3 * s3 : s1;
        s2 = momentum * s2 + (lr * g) / Math.sqrt(denom + epsilon);
        w -= s2;
      }
      if (name === 'adam' || name === 'adamw') {
        const { beta1, beta2, epsilon } = o as { beta1: number; beta2: number; epsilon: number };
        s1 = beta1 * s1 + (1 - beta1) * g;
        s2 = beta2 * s2 + (1 - beta2) * g * g;
        const update = s1 / (1 - beta1 ** (t + 1)) / (Math.sqrt(s2 / (1 - beta2 ** (t + 1))) + epsilon);
        w -= lr * (update + (name === 'adamw' ? o['weight_decay']! * w : 0));
      }
    });
    return w;
  });
}

describe('train/optimizers: two steps against the published update rules', () => {
  before(() => tf.setBackend('cpu'));
  const rows: Array<[string, Recipe, Record<string, number>]> = [
    ['sgd', { name: 'sgd', options: {} }, {}],
    ['momentum', { name: 'momentum', options: { momentum: 0.9 } }, { momentum: 0.9 }],
    [
      'momentum, Nesterov',
      { name: 'momentum', options: { momentum: 0.9 }, flags: { nesterov: true } },
      { momentum: 0.9 },
    ],
    [
      'rmsprop as the Inception recipe (ε = 1.0)',
      { name: 'rmsprop', options: { rho: 0.9, epsilon: 1 } },
      { rho: 0.9, momentum: 0, epsilon: 1 },
    ],
    [
      'rmsprop with momentum',
      { name: 'rmsprop', options: { rho: 0.9, momentum: 0.5, epsilon: 0.1 } },
      { rho: 0.9, momentum: 0.5, epsilon: 0.1 },
    ],
    [
      'rmsprop, centered',
      { name: 'rmsprop', options: { rho: 0.8, epsilon: 0.01 }, flags: { centered: true } },
      { rho: 0.8, momentum: 0, epsilon: 0.01 },
    ],
    ['adam', { name: 'adam', options: {} }, { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }],
    [
      'adamw',
      { name: 'adamw', options: { weight_decay: 0.5 } },
      { beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weight_decay: 0.5 },
    ],
  ];
  for (const [what, recipe, hand] of rows) {
    it(what, async () => {
      const w = tf.variable(tf.tensor1d(W0), true, 'dense/kernel') as Variable;
      const { optimizer } = makeOptimizer(recipe);
      optimizer.apply([w], [tf.tensor1d(G1)], 0.1);
      optimizer.apply([w], [tf.tensor1d(G2)], 0.05);
      const got = Array.from(await w.data());
      const want = byHand(recipe.name, hand, recipe.flags);
      got.forEach((v, i) => expect(v).to.be.closeTo(want[i]!, 1e-5));
      expect(optimizer.iterations).to.equal(2);
      optimizer.dispose();
      w.dispose();
    });
  }

  it('keeps the number of tensors flat from step to step', () => {
    const w = tf.variable(tf.tensor1d(W0), true, 'dense/kernel') as Variable;
    const { optimizer } = makeOptimizer({ name: 'rmsprop', options: { momentum: 0.9 }, flags: { centered: true } });
    const g = tf.tensor1d(G1);
    optimizer.apply([w], [g], 0.1);
    const after1 = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) optimizer.apply([w], [g], 0.1);
    expect(tf.memory().numTensors).to.equal(after1);
    optimizer.dispose();
    tf.dispose([w, g]);
  });

  it('decays only kernels with adamw', async () => {
    const bias = tf.variable(tf.tensor1d([1]), true, 'dense/bias') as Variable;
    const { optimizer } = makeOptimizer({ name: 'adamw', options: { weight_decay: 0.5 } });
    optimizer.apply([bias], [tf.tensor1d([0])], 0.1);
    expect(Array.from(await bias.data())).to.deep.equal([1]);
    optimizer.dispose();
  });

  it('resumes from a saved state exactly as if never stopped', async () => {
    const recipe: Recipe = { name: 'adam', options: {} };
    const run = async (stopAfter?: number) => {
      const w = tf.variable(tf.tensor1d(W0), true, 'dense/kernel') as Variable;
      let { optimizer } = makeOptimizer(recipe);
      const grads = [G1, G2, G1].map((g) => tf.tensor1d(g));
      for (const [step, g] of grads.entries()) {
        if (step === stopAfter) {
          const state = optimizer.state();
          optimizer.dispose();
          ({ optimizer } = makeOptimizer(recipe));
          optimizer.restore(state);
        }
        optimizer.apply([w], [g], 0.1);
      }
      const out = Array.from(await w.data());
      optimizer.dispose();
      tf.dispose([w, ...grads]);
      return out;
    };
    expect(await run(2)).to.deep.equal(await run());
  });
});
