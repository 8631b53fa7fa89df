import { expect } from 'chai';

import { selectBackend } from '../../src/runtime/selectBackend.js';
import { tf } from '../../src/runtime/tf.js';
import type { Layer, LayersModel, SymbolicTensor } from '../../src/runtime/tf.js';
import { buildKerasInceptionResNetV2 } from './kerasInceptionResNetV2.js';

// LayerVariable shapes are typed nullable; a null would poison the sum to NaN and fail loudly.
const sumSizes = (ws: ReadonlyArray<{ shape: ReadonlyArray<number | null> }>): number =>
  ws.reduce((acc, w) => acc + w.shape.reduce<number>((a, b) => a * (b ?? NaN), 1), 0);

const inboundNames = (model: LayersModel, name: string): string[] =>
  model.getLayer(name).inboundNodes[0]?.inboundLayers.map((l) => l.name) ?? [];

/** Conv and dense multiply-accumulates, computed from the built layers (not from the IR). */
function macs(model: LayersModel): number {
  let total = 0;
  for (const l of model.layers) {
    const out = l.outputShape as number[];
    if (l.getClassName() === 'Conv2D') {
      const kernel = l.getWeights()[0]!.shape;
      total += out[1]! * out[2]! * kernel.reduce((a, b) => a * b, 1);
    } else if (l.getClassName() === 'Dense') {
      total += l.getWeights()[0]!.shape.reduce((a, b) => a * b, 1);
    }
  }
  return total;
}

describe('reference: Keras Applications InceptionResNetV2 (tfjs)', function () {
  before(async function () {
    expect((await selectBackend('wasm')).ok).to.equal(true);
  });

  describe('default build (tf.keras naming, 299×299×3, 1000 classes)', function () {
    let model: LayersModel;
    before(function () {
      model = buildKerasInceptionResNetV2(tf);
    });
    after(function () {
      model.dispose();
    });

    // Totals and tensor counts as printed by Keras' model.summary() / len(model.weights).
    const rows: Array<[string, () => number, number]> = [
      ['total params (countParams)', () => model.countParams(), 55_873_736],
      ['trainable params', () => sumSizes(model.trainableWeights), 55_813_192],
      ['non-trainable params', () => sumSizes(model.nonTrainableWeights), 60_544],
      ['weight tensors', () => model.weights.length, 898],
      ['trainable weight tensors', () => model.trainableWeights.length, 490],
      ['layers', () => model.layers.length, 782],
      [
        'Conv2D layers with a bias',
        () => model.layers.filter((l) => l.getClassName() === 'Conv2D' && l.getWeights().length === 2).length,
        40,
      ],
      // The derivation in inception-family.md gives 13.156 G at 299.
      ['conv + dense MACs', () => macs(model), 13_155_794_016],
    ];
    for (const [label, actual, expected] of rows) {
      it(`has ${expected} ${label}`, function () {
        expect(actual()).to.equal(expected);
      });
    }

    const census: Array<[string, number]> = [
      ['Activation', 203 + 1 + 39], // conv2d_bn ReLUs, conv_7b_ac, block ReLUs (block8_10 has none)
      ['AveragePooling2D', 1],
      ['BatchNormalization', 204],
      ['Concatenate', 43], // mixed_5b, mixed_6a, mixed_7a + 40 block *_mixed
      ['Conv2D', 244],
      ['Dense', 1],
      ['GlobalAveragePooling2D', 1],
      ['InputLayer', 1],
      ['MaxPooling2D', 4],
      ['ScaledAdd', 40],
    ];
    it('has the Keras layer census', function () {
      const got = new Map<string, number>();
      for (const l of model.layers) got.set(l.getClassName(), (got.get(l.getClassName()) ?? 0) + 1);
      expect([...got.entries()].sort()).to.deep.equal([...census].sort());
    });

    it('outputs [null, 1000] from a single head', function () {
      expect(model.outputs.map((o) => o.shape)).to.deep.equal([[null, 1000]]);
    });

    // Cumulative parameters at each endpoint, Keras convention (inception-family.md §6.1).
    const endpoints: Array<[string, number[], number]> = [
      ['mixed_5b', [35, 35, 320], 441_920],
      ['block35_10_ac', [35, 35, 320], 1_676_000],
      ['mixed_6a', [17, 17, 1088], 4_342_240],
      ['block17_20_ac', [17, 17, 1088], 26_891_360],
      ['mixed_7a', [8, 8, 2080], 30_774_368],
      ['block8_10', [8, 8, 2080], 51_137_248],
      ['conv_7b_ac', [8, 8, 1536], 54_336_736],
    ];
    for (const [name, shape, params] of endpoints) {
      it(`reaches ${name} ${shape.join('×')} with ${params} parameters`, function () {
        const output = model.getLayer(name).output as SymbolicTensor;
        expect(output.shape).to.deep.equal([null, ...shape]);
        // A sub-model shares the layers, so its count is the cumulative one.
        expect(tf.model({ inputs: model.inputs, outputs: output }).countParams()).to.equal(params);
      });
    }

    // [layer, class, inbound layers]: the named layers Keras creates, and auto-names at the
    // block boundaries of the 0-based creation order (stem 0–4, mixed_5b 5–11, block35 12–71,
    // mixed_6a 72–75, block17 76–155, mixed_7a 156–162, block8 163–202).
    const wiring: Array<[string, string, string[]]> = [
      ['conv2d', 'Conv2D', ['input_1']],
      ['conv2d_4', 'Conv2D', ['activation_3']],
      ['conv2d_5', 'Conv2D', ['max_pooling2d_1']],
      ['average_pooling2d', 'AveragePooling2D', ['max_pooling2d_1']],
      ['mixed_5b', 'Concatenate', ['activation_5', 'activation_7', 'activation_10', 'activation_11']],
      ['conv2d_12', 'Conv2D', ['mixed_5b']],
      ['block35_1_mixed', 'Concatenate', ['activation_12', 'activation_14', 'activation_17']],
      ['block35_1_conv', 'Conv2D', ['block35_1_mixed']],
      ['block35_1', 'ScaledAdd', ['mixed_5b', 'block35_1_conv']],
      ['block35_1_ac', 'Activation', ['block35_1']],
      ['conv2d_72', 'Conv2D', ['block35_10_ac']],
      ['mixed_6a', 'Concatenate', ['activation_72', 'activation_75', 'max_pooling2d_2']],
      ['conv2d_76', 'Conv2D', ['mixed_6a']],
      ['block17_20', 'ScaledAdd', ['block17_19_ac', 'block17_20_conv']],
      ['conv2d_156', 'Conv2D', ['block17_20_ac']],
      ['mixed_7a', 'Concatenate', ['activation_157', 'activation_159', 'activation_162', 'max_pooling2d_3']],
      ['conv2d_163', 'Conv2D', ['mixed_7a']],
      ['block8_9_ac', 'Activation', ['block8_9']],
      ['conv2d_202', 'Conv2D', ['activation_201']],
      ['block8_10_mixed', 'Concatenate', ['activation_199', 'activation_202']],
      ['block8_10', 'ScaledAdd', ['block8_9_ac', 'block8_10_conv']],
      ['conv_7b', 'Conv2D', ['block8_10']],
      ['conv_7b_bn', 'BatchNormalization', ['conv_7b']],
      ['conv_7b_ac', 'Activation', ['conv_7b_bn']],
      ['avg_pool', 'GlobalAveragePooling2D', ['conv_7b_ac']],
      ['predictions', 'Dense', ['avg_pool']],
    ];
    for (const [name, cls, inbound] of wiring) {
      it(`wires ${name} (${cls}) from ${inbound.join(', ')}`, function () {
        expect(model.getLayer(name).getClassName()).to.equal(cls);
        expect(inboundNames(model, name)).to.deep.equal(inbound);
      });
    }

    it('has no block8_10_ac and no auto-name past conv2d_202', function () {
      const names = new Set(model.layers.map((l) => l.name));
      expect(names.has('block8_10_ac')).to.equal(false);
      expect(names.has('conv2d_203')).to.equal(false);
      expect(names.has('batch_normalization_202')).to.equal(true);
      expect(names.has('batch_normalization_203')).to.equal(false);
    });

    const scales: Array<[string, number]> = [
      ['block35_1', 0.17],
      ['block35_10', 0.17],
      ['block17_1', 0.1],
      ['block17_20', 0.1],
      ['block8_1', 0.2],
      ['block8_9', 0.2],
      ['block8_10', 1],
    ];
    for (const [name, scale] of scales) {
      it(`scales ${name} by ${scale}`, function () {
        expect(model.getLayer(name).getConfig()['scale']).to.equal(scale);
      });
    }

    it('gives residual projections a bias and no BN, and every other conv a BN and no bias', function () {
      const bad: string[] = [];
      for (const l of model.layers.filter((x) => x.getClassName() === 'Conv2D')) {
        const projection = /^block(35|17|8)_\d+_conv$/.test(l.name);
        const next = consumers(model, l);
        const hasBn = next.length === 1 && next[0]!.getClassName() === 'BatchNormalization';
        if (projection !== (l.getConfig()['useBias'] === true) || projection === hasBn) bad.push(l.name);
      }
      expect(bad).to.deep.equal([]);
    });
  });

  describe('keras2 naming', function () {
    let model: LayersModel;
    before(function () {
      model = buildKerasInceptionResNetV2(tf, { naming: 'keras2', inputShape: [75, 75, 3] });
    });
    after(function () {
      model.dispose();
    });

    it('counts auto-names from 1 (conv2d_1 … conv2d_203) and keeps the named layers', function () {
      const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D').map((l) => l.name);
      const auto = convs.filter((n) => /^conv2d_\d+$/.test(n));
      expect(auto).to.have.length(203);
      expect(auto).to.include.members(['conv2d_1', 'conv2d_203']);
      expect(convs).to.not.include('conv2d');
      expect(convs).to.include.members(['block35_1_conv', 'block8_10_conv', 'conv_7b']);
    });

    it('names the weights as the Keras .h5 file does', function () {
      // originalName: tfjs uniquifies variable names process-wide (`conv2d_1/kernel_1`).
      const names = model.weights.map((w) => w.originalName);
      expect(names).to.include.members([
        'conv2d_1/kernel',
        'batch_normalization_1/beta',
        'batch_normalization_1/moving_mean',
        'batch_normalization_1/moving_variance',
        'block35_1_conv/kernel',
        'block35_1_conv/bias',
        'conv_7b/kernel',
        'conv_7b_bn/beta',
        'predictions/kernel',
        'predictions/bias',
      ]);
      expect(new Set(names).size).to.equal(898);
      expect(names.some((n) => n.endsWith('/gamma'))).to.equal(false);
    });
  });

  describe('options', function () {
    const rows: Array<{ inputShape: [number, number, number]; classes?: number; out: number[] }> = [
      { inputShape: [75, 75, 3], classes: 10, out: [2, 10] },
      { inputShape: [107, 139, 1], out: [2, 1000] },
    ];
    for (const { inputShape, classes, out } of rows) {
      it(`builds and runs ${inputShape.join('×')} → softmax rows of ${out[1]}`, async function () {
        const model = buildKerasInceptionResNetV2(tf, { inputShape, ...(classes ? { classes } : {}) });
        const x = tf.randomUniform([2, ...inputShape], -1, 1, 'float32', 3);
        const y = model.predict(x) as tf.Tensor;
        try {
          expect(y.shape).to.deep.equal(out);
          for (const s of await y.sum(1).data()) expect(s).to.be.closeTo(1, 1e-4);
        } finally {
          tf.dispose([x, y]);
          model.dispose();
        }
      });
    }

    it('rejects inputs below the Keras minimum of 75×75', function () {
      expect(() => buildKerasInceptionResNetV2(tf, { inputShape: [299, 74, 3] })).to.throw(/at least 75/);
    });
  });
});

/** Layers that take `layer`'s output as an input. */
function consumers(model: LayersModel, layer: Layer): Layer[] {
  return model.layers.filter((l) => l.inboundNodes.some((n) => n.inboundLayers.includes(layer)));
}
