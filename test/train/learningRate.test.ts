import { expect } from 'chai';
import type { IRTrain } from '../../src/ir/ir.js';
import { learningRate } from '../../src/train/learningRate.js';

const span = { file: 't', start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
const recipe = (r: Omit<IRTrain, 'span'>): IRTrain => ({ span, ...r });
const epoch = { stepsPerEpoch: 10, totalSteps: 100 };

describe('train/learningRate', () => {
  // [what, recipe, step, expected], each computed by hand from the formula in the docs.
  const rows: Array<[string, IRTrain, number, number]> = [
    ['constant', recipe({}), 57, 0.1],
    [
      'exponential, smooth, every 2 epochs: 0.1·0.94^(15/20)',
      recipe({ schedule: { name: 'exponential', options: { rate: 0.94 }, every: { value: 2, unit: 'epochs' } } }),
      15,
      0.1 * 0.94 ** 0.75,
    ],
    [
      'exponential, staircase: 0.1·0.94^⌊45/20⌋',
      recipe({
        schedule: {
          name: 'exponential',
          options: { rate: 0.94 },
          staircase: true,
          every: { value: 2, unit: 'epochs' },
        },
      }),
      45,
      0.1 * 0.94 ** 2,
    ],
    [
      'exponential every 5 steps',
      recipe({
        schedule: { name: 'exponential', options: { rate: 0.5 }, staircase: true, every: { value: 5, unit: 'steps' } },
      }),
      12,
      0.025,
    ],
    [
      'step: 0.1·0.1^⌊25/10⌋',
      recipe({ schedule: { name: 'step', options: { rate: 0.1 }, every: { value: 1, unit: 'epochs' } } }),
      25,
      0.1 * 0.01,
    ],
    ['cosine at the start', recipe({ schedule: { name: 'cosine', options: { epochs: 5 } } }), 0, 0.1],
    [
      'cosine halfway: (lr + min)/2',
      recipe({ schedule: { name: 'cosine', options: { epochs: 5, min_lr: 0.02 } } }),
      25,
      0.06,
    ],
    [
      'cosine after its epochs: min_lr',
      recipe({ schedule: { name: 'cosine', options: { epochs: 5, min_lr: 0.02 } } }),
      70,
      0.02,
    ],
    [
      'cosine over the run when it names no epochs: a quarter in',
      recipe({ schedule: { name: 'cosine', options: {} } }),
      25,
      (0.1 * (1 + Math.cos(Math.PI / 4))) / 2,
    ],
    ['warm-up: step 0 of 2 epochs', recipe({ warmup: { value: 2, unit: 'epochs' } }), 0, 0.1 / 20],
    ['warm-up: last step', recipe({ warmup: { value: 20, unit: 'steps' } }), 19, 0.1],
    [
      "warm-up then exponential, counted from the warm-up's end",
      recipe({
        warmup: { value: 5, unit: 'steps' },
        schedule: { name: 'exponential', options: { rate: 0.5 }, staircase: true, every: { value: 1, unit: 'epochs' } },
      }),
      25,
      0.025,
    ],
  ];
  for (const [what, r, step, expected] of rows) {
    it(what, () => {
      expect(learningRate(r, 0.1, { step, ...epoch })).to.be.closeTo(expected, 1e-12);
    });
  }
});
