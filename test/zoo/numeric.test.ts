import { expect } from 'chai';
import { fileURLToPath } from 'node:url';

import { buildModel } from '../../src/backends/tfjs/buildModel.js';
import { compileFile } from '../../src/compile.js';
import type { IRModel } from '../../src/ir/ir.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';
import { tf } from '../../src/runtime/tf.js';
import type { Layer, LayersModel, Tensor } from '../../src/runtime/tf.js';
import { buildInceptionV4 } from '../reference/inceptionV4.js';
import { buildKerasInceptionResNetV2 } from '../reference/kerasInceptionResNetV2.js';
import { buildKerasInceptionV3 } from '../reference/kerasInceptionV3.js';
import { randomizeBatchNorm } from '../support/weights.js';
import { maxAbsDiff, modelOutputs } from '../support/modelOutputs.js';

/**
 * 139×139 rather than the minimum 75: at 75 the 8×8 stage is 1×1, where a 1×3 kernel and its
 * 3×1 twin see only their centre tap and a swapped orientation would go unnoticed. At 139 it
 * is 3×3, yet a forward pass stays well under a second.
 */
const SIDE = 139;
/** Ten classes keep each softmax output near 0.1, so a wrong head moves it by far more than the tolerance. */
const CLASSES = 10;
const TOLERANCE = 1e-4;

interface Case {
  spec: string;
  reference: (inputShape: [number, number, number]) => LayersModel;
  /** Last layer before the head, the same name in both models. */
  features: string;
}

const CASES: Case[] = [
  {
    spec: 'inception_v3.incep',
    reference: (inputShape) => buildKerasInceptionV3(tf, { inputShape, classes: CLASSES }),
    features: 'mixed10',
  },
  {
    spec: 'inception_v4.incep',
    reference: (inputShape) => buildInceptionV4(tf, { inputShape, classes: CLASSES }),
    features: 'mixed_7d',
  },
  {
    spec: 'inception_resnet_v2.incep',
    reference: (inputShape) => buildKerasInceptionResNetV2(tf, { inputShape, classes: CLASSES }),
    features: 'conv_7b_ac',
  },
];

/** Layers holding weights, in creation order (tfjs numbers layers as it constructs them). */
const weightedLayers = (model: LayersModel): Layer[] =>
  model.layers.filter((l) => l.weights.length > 0).sort((a, b) => a.id - b.id);

const signature = (l: Layer): string =>
  `${l.getClassName()} ${l.weights.map((w) => `[${w.shape.join(',')}]`).join(' ')}`;

/**
 * He-normal kernels and seeded biases for every conv and dense layer. Glorot-uniform kernels
 * under random BN statistics let the signal fade until the features no longer depend on the
 * input (the two rows of a batch agreed to 1e-6), and fresh zero biases would hide a miswired
 * bias; with these the features keep O(1) input-dependent values through 100+ layers.
 */
function randomizeKernels(model: LayersModel, seed: number): void {
  let n = 0;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'Conv2D' && layer.getClassName() !== 'Dense') continue;
    const values = layer.getWeights().map((v, i) => {
      if (i > 0) return tf.randomUniform(v.shape, -0.1, 0.1, 'float32', seed + n++);
      const fanIn = v.shape.slice(0, -1).reduce((a, b) => a * b, 1);
      return tf.randomNormal(v.shape, 0, Math.sqrt(2 / fanIn), 'float32', seed + n++);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

/** The model's features and main output for `x`, through a sub-model sharing its layers. */
describe('model zoo: numerical equality with the hand-written references', function () {
  this.timeout(120_000);

  before(async function () {
    expect((await selectBackend('wasm')).ok).to.equal(true);
  });

  for (const c of CASES) {
    describe(`${c.spec} vs its reference at ${SIDE}×${SIDE}, ${CLASSES} classes`, function () {
      let ref: LayersModel;
      let ours: LayersModel;
      let ir: IRModel;
      let x: Tensor;
      let expected: { features: Float32Array; output: Float32Array };

      before(async function () {
        const compiled = compileFile(fileURLToPath(new URL(`../../specs/${c.spec}`, import.meta.url)), {
          input: [SIDE, SIDE, 3],
          classes: CLASSES,
        });
        expect(compiled.ok, compiled.diagnostics.map((d) => d.message).join('\n')).to.equal(true);
        ir = compiled.ir!;
        ref = c.reference([SIDE, SIDE, 3]);
        ours = buildModel(ir);
        randomizeBatchNorm(ref, 100);
        randomizeKernels(ref, 500);
        x = tf.randomUniform([2, SIDE, SIDE, 3], -1, 1, 'float32', 42);
        expected = await modelOutputs(ref, c.features, x);
      });

      after(function () {
        tf.dispose(x);
        ref.dispose();
        ours.dispose();
      });

      it('pairs every weighted layer by creation order, kind and weight shapes', function () {
        expect(ir.outputs.features).to.equal(c.features);
        expect(weightedLayers(ours).map(signature)).to.deep.equal(weightedLayers(ref).map(signature));
      });

      it(`computes the same features and outputs (max |diff| < ${TOLERANCE})`, async function () {
        const theirs = weightedLayers(ref);
        weightedLayers(ours).forEach((layer, i) => layer.setWeights(theirs[i]!.getWeights()));
        const got = await modelOutputs(ours, c.features, x);
        // Guard against a vacuous pass: features and outputs must depend on the input.
        const half = expected.features.length / 2;
        expect(maxAbsDiff(expected.features.subarray(0, half), expected.features.subarray(half))).to.be.greaterThan(
          0.01,
        );
        expect(maxAbsDiff(expected.output.subarray(0, CLASSES), expected.output.subarray(CLASSES))).to.be.greaterThan(
          1e-3,
        );
        expect(maxAbsDiff(got.features, expected.features)).to.be.lessThan(TOLERANCE);
        expect(maxAbsDiff(got.output, expected.output)).to.be.lessThan(TOLERANCE);
      });

      it('notices a single changed weight (the comparison is not vacuous)', async function () {
        // One BN beta in the middle of the network, nudged by 0.5 on every channel.
        const layers = weightedLayers(ours).filter((l) => l.getClassName() === 'BatchNormalization');
        const target = layers[Math.floor(layers.length / 2)]!;
        const values = target.getWeights();
        const beta = target.weights.findIndex((w) => w.originalName.endsWith('/beta'));
        values[beta] = tf.add(values[beta]!, 0.5);
        target.setWeights(values);
        values[beta].dispose();
        const got = await modelOutputs(ours, c.features, x);
        expect(maxAbsDiff(got.features, expected.features)).to.be.greaterThan(1e-3);
      });
    });
  }
});
