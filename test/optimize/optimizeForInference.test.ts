import { expect } from 'chai';
import { fileURLToPath } from 'node:url';

import { buildModel } from '../../src/backends/tfjs/buildModel.js';
import { compileFile } from '../../src/compile.js';
import { optimizeForInference } from '../../src/optimize/optimizeForInference.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';
import { tf } from '../../src/runtime/tf.js';
import type { Layer, LayersModel, SymbolicTensor, Tensor } from '../../src/runtime/tf.js';

/** Relative tolerance: max |optimized − original| / max(max |original|, 1e-3). */
const TOLERANCE = 1e-4;
/** Ten classes keep each softmax probability near 0.1, far above the tolerance's floor. */
const CLASSES = 10;
const FOLDABLE = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Dense']);

interface Case {
  spec: string;
  /** A square input side that compiles and keeps a forward pass fast. */
  side: number;
  /** Whether the spec uses batch norm at all (v1 predates it: LRN). */
  batchNorm: boolean;
}

/** Every zoo spec at (or near) its smallest input. */
const CASES: Case[] = [
  { spec: 'inception_v1.incep', side: 75, batchNorm: false },
  { spec: 'inception_v2.incep', side: 75, batchNorm: true },
  { spec: 'inception_v3.incep', side: 75, batchNorm: true },
  { spec: 'inception_v4.incep', side: 75, batchNorm: true },
  { spec: 'inception_resnet_v1.incep', side: 75, batchNorm: true },
  { spec: 'inception_resnet_v2.incep', side: 75, batchNorm: true },
];

interface Graph {
  title: string;
  build: () => LayersModel;
  /** Class names of the optimized model's layers. */
  layers: string[];
}

const L = tf.layers;
const bn = (args: { scale?: boolean; center?: boolean } = {}): Layer => L.batchNormalization({ axis: -1, ...args });
const conv = (args: { activation?: 'relu' | 'linear'; useBias?: boolean } = {}): Layer =>
  L.conv2d({ filters: 6, kernelSize: 3, padding: 'same', ...args });

/** A model chaining `layers` on an 8×8×4 input (or `input`, e.g. a 6-vector for dense). */
function chain(layers: Layer[], input: number[] = [8, 8, 4]): LayersModel {
  const x = tf.input({ shape: input });
  let y = x;
  for (const layer of layers) y = layer.apply(y) as SymbolicTensor;
  return tf.model({ inputs: x, outputs: y });
}

/** Small graphs for the cases the zoo does not have (depthwise convs, folded output layers, refusals). */
const GRAPHS: Graph[] = [
  {
    title: 'conv → bn(scale false) → relu as the output',
    build: () => chain([conv(), bn({ scale: false }), L.activation({ activation: 'relu' })]),
    layers: ['InputLayer', 'Conv2D'],
  },
  {
    title: 'depthwise(multiplier 2, no bias) → bn(center false) as the output',
    build: () =>
      chain([L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, useBias: false }), bn({ center: false })]),
    layers: ['InputLayer', 'DepthwiseConv2D'],
  },
  {
    title: 'sepconv(multiplier 3, no bias) → bn → relu6 → dropout → global pool',
    build: () =>
      chain([
        L.separableConv2d({ filters: 5, kernelSize: 3, depthMultiplier: 3, useBias: false }),
        bn(),
        L.activation({ activation: 'relu6' }),
        L.dropout({ rate: 0.5 }),
        L.globalAveragePooling2d({}),
      ]),
    layers: ['InputLayer', 'SeparableConv2D', 'GlobalAveragePooling2D'],
  },
  {
    title: 'dense(no bias) → bn → softmax',
    build: () => chain([L.dense({ units: 4, useBias: false }), bn(), L.activation({ activation: 'softmax' })], [6]),
    layers: ['InputLayer', 'Dense'],
  },
  {
    title: 'conv(relu) → bn, where the activation comes first',
    build: () => chain([conv({ activation: 'relu' }), bn()]),
    layers: ['InputLayer', 'Conv2D', 'BatchNormalization'],
  },
  {
    title: 'conv → bn → dropout as the output',
    build: () => chain([conv(), bn(), L.dropout({ rate: 0.5 })]),
    layers: ['InputLayer', 'Conv2D', 'Dropout'],
  },
  {
    title: 'conv read by a bn and a concat',
    build: () => {
      const x = tf.input({ shape: [8, 8, 4] });
      const c = conv().apply(x) as SymbolicTensor;
      const b = bn().apply(c) as SymbolicTensor;
      return tf.model({ inputs: x, outputs: L.concatenate({}).apply([c, b]) as SymbolicTensor });
    },
    layers: ['InputLayer', 'Conv2D', 'BatchNormalization', 'Concatenate'],
  },
];

/** Ranges for batch-norm weights, far enough from the identity that a wrong fold shows. */
const BN_RANGES: Record<string, [number, number]> = {
  gamma: [0.5, 1.5],
  beta: [-0.5, 0.5],
  moving_mean: [-0.5, 0.5],
  moving_variance: [0.5, 2],
};

/**
 * Seeded non-trivial weights everywhere: BN statistics, and He-normal kernels with small random
 * biases (fresh zero biases would hide a mis-folded bias; Glorot kernels under random BN let the
 * signal fade until the output no longer depends on the input).
 */
function randomize(model: LayersModel, seed: number): void {
  let n = seed;
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const shape = w.shape as number[];
      const role = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
      const range = BN_RANGES[role];
      if (layer.getClassName() === 'BatchNormalization' && range) {
        return tf.randomUniform(shape, range[0], range[1], 'float32', n++);
      }
      if (role === 'bias') return tf.randomUniform(shape, -0.1, 0.1, 'float32', n++);
      const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      return tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', n++);
    });
    if (values.length > 0) layer.setWeights(values);
    tf.dispose(values);
  }
}

const countOf = (model: LayersModel, className: string): number =>
  model.layers.filter((l) => l.getClassName() === className).length;

/** Batch norms reading a foldable layer's output directly. */
const foldableBatchNorms = (model: LayersModel): Layer[] =>
  model.layers.filter(
    (l) =>
      l.getClassName() === 'BatchNormalization' &&
      l.inboundNodes.some((node) => node.inboundLayers.some((src) => FOLDABLE.has(src.getClassName()))),
  );

async function weightValues(model: LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.weights.map(async (w) => (await w.read().data()) as Float32Array));
}

async function predictMain(model: LayersModel, x: Tensor): Promise<Float32Array> {
  const y = model.predict(x);
  const main = Array.isArray(y) ? y[0]! : y;
  try {
    return (await main.data()) as Float32Array;
  } finally {
    tf.dispose(y);
  }
}

function relativeDiff(got: Float32Array, want: Float32Array): number {
  expect(got.length).to.equal(want.length);
  let diff = 0;
  let scale = 1e-3;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs(got[i]! - want[i]!));
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  return diff / scale;
}

describe('optimizeForInference', function () {
  this.timeout(120_000);

  before(async function () {
    expect((await selectBackend('wasm')).ok).to.equal(true);
  });

  for (const c of CASES) {
    describe(`${c.spec} at ${c.side}×${c.side}`, function () {
      let original: LayersModel;
      let optimized: LayersModel;
      let x: Tensor;
      let weightsBefore: Float32Array[];
      let tensorsBefore: number;
      let tensorsAfter: number;

      before(async function () {
        const compiled = compileFile(fileURLToPath(new URL(`../../specs/${c.spec}`, import.meta.url)), {
          input: [c.side, c.side, 3],
          classes: CLASSES,
        });
        expect(compiled.ok, compiled.diagnostics.map((d) => d.message).join('\n')).to.equal(true);
        original = buildModel(compiled.ir!, { aux: true });
        randomize(original, 1000);
        x = tf.randomUniform([2, c.side, c.side, 3], -1, 1, 'float32', 42);
        weightsBefore = await weightValues(original);
        tensorsBefore = tf.memory().numTensors;
        optimized = optimizeForInference(original);
        tensorsAfter = tf.memory().numTensors;
      });

      after(function () {
        tf.dispose(x);
        original.dispose();
        optimized.dispose();
      });

      it(`computes the same main output (relative max |diff| < ${TOLERANCE})`, async function () {
        const want = await predictMain(original, x);
        const got = await predictMain(optimized, x);
        // Guard against a vacuous pass: the two rows of the batch must differ by more than the tolerance.
        expect(relativeDiff(want.subarray(0, CLASSES), want.subarray(CLASSES))).to.be.greaterThan(TOLERANCE);
        const diff = relativeDiff(got, want);
        console.log(`      ${c.spec}: relative max |diff| ${diff.toExponential(2)}`);
        expect(diff).to.be.lessThan(TOLERANCE);
      });

      it('folds every foldable batch norm and drops dropout', function () {
        expect(foldableBatchNorms(original).length > 0).to.equal(c.batchNorm);
        expect(foldableBatchNorms(optimized)).to.be.empty;
        expect(countOf(optimized, 'Dropout')).to.equal(0);
        expect(countOf(optimized, 'Activation')).to.be.lessThan(Math.max(1, countOf(original, 'Activation')));
        expect(optimized.layers.length).to.be.lessThan(original.layers.length);
        console.log(
          `      ${c.spec}: ${original.layers.length} → ${optimized.layers.length} layers, ` +
            `${countOf(original, 'BatchNormalization')} → ${countOf(optimized, 'BatchNormalization')} batch norms, ` +
            `${countOf(original, 'Dropout')} → 0 dropouts`,
        );
      });

      it('keeps only the main output, under its original name', function () {
        expect(optimized.outputs).to.have.length(1);
        expect(optimized.outputNames).to.deep.equal([original.outputNames[0]]);
        expect(optimized.outputs[0]!.shape).to.deep.equal(original.outputs[0]!.shape);
      });

      it('leaves the input model untouched', async function () {
        const weightsAfter = await weightValues(original);
        expect(weightsAfter.length).to.equal(weightsBefore.length);
        weightsAfter.forEach((w, i) => expect(w).to.deep.equal(weightsBefore[i]));
      });

      it("leaks no tensors beyond the new model's weights", function () {
        expect(tensorsAfter - tensorsBefore).to.equal(optimized.weights.length);
      });
    });
  }

  for (const g of GRAPHS) {
    it(`on ${g.title}: keeps ${g.layers.join(', ')} and the output values`, async function () {
      const model = g.build();
      randomize(model, 7);
      const x = tf.randomUniform([2, ...(model.inputs[0]!.shape.slice(1) as number[])], -1, 1, 'float32', 3);
      const optimized = optimizeForInference(model);
      try {
        expect(optimized.layers.map((l) => l.getClassName())).to.deep.equal(g.layers);
        expect(optimized.outputNames).to.deep.equal([model.outputNames[0]]);
        expect(relativeDiff(await predictMain(optimized, x), await predictMain(model, x))).to.be.lessThan(TOLERANCE);
      } finally {
        tf.dispose(x);
        model.dispose();
        optimized.dispose();
      }
    });
  }

  it('frees every tensor it made once the optimized model is disposed', function () {
    const model = buildModel(
      compileFile(fileURLToPath(new URL('../../specs/inception_v1.incep', import.meta.url)), {
        input: [75, 75, 3],
        classes: CLASSES,
      }).ir!,
      { aux: true },
    );
    const before = tf.memory().numTensors;
    optimizeForInference(model).dispose();
    expect(tf.memory().numTensors).to.equal(before);
    model.dispose();
  });
});
