import { expect } from 'chai';

import { selectBackend } from '../../src/runtime/selectBackend.js';
import { tf } from '../../src/runtime/tf.js';
import type { LayersModel, SymbolicTensor, Tensor } from '../../src/runtime/tf.js';
import { buildInceptionV4 } from './inceptionV4.js';

const sumSizes = (ws: ReadonlyArray<{ shape: ReadonlyArray<number | null> }>): number =>
  ws.reduce((acc, w) => acc + w.shape.reduce<number>((a, b) => a * (b ?? NaN), 1), 0);

const inboundNames = (model: LayersModel, name: string): string[] =>
  model.getLayer(name).inboundNodes[0]?.inboundLayers.map((l) => l.name) ?? [];

/** Conv and dense multiply-accumulates, computed from the built layers (not from the IR). */
function macs(model: LayersModel): number {
  let total = 0;
  for (const l of model.layers) {
    const out = l.outputShape as number[];
    const kernel = l.getWeights()[0]?.shape ?? [];
    if (l.getClassName() === 'Conv2D') total += out[1]! * out[2]! * kernel.reduce((a, b) => a * b, 1);
    if (l.getClassName() === 'Dense') total += kernel.reduce((a, b) => a * b, 1);
  }
  return total;
}

describe('reference: Inception-v4 (timm structure, Keras convention, tfjs)', function () {
  before(async function () {
    expect((await selectBackend('wasm')).ok).to.equal(true);
  });

  describe('default build (299×299×3, 1000 classes)', function () {
    let model: LayersModel;
    before(function () {
      model = buildInceptionV4(tf);
    });
    after(function () {
      model.dispose();
    });

    // timm counts 42,679,816 (BN gamma+beta, no running stats); Keras convention adds Σ BN
    // channels (31,584): beta + moving mean/variance, no gamma. inception-family.md §1, §12.
    const rows: Array<[string, () => number, number]> = [
      ['total params (countParams)', () => model.countParams(), 42_711_400],
      ['trainable params', () => sumSizes(model.trainableWeights), 42_648_232],
      ['non-trainable params', () => sumSizes(model.nonTrainableWeights), 63_168],
      ['weight tensors', () => model.weights.length, 149 * 4 + 2],
      ['trainable weight tensors', () => model.trainableWeights.length, 149 * 2 + 2],
      ['layers', () => model.layers.length, 494],
      ['conv + dense MACs', () => macs(model), 12_253_974_624],
    ];
    for (const [label, actual, expected] of rows) {
      it(`has ${expected} ${label}`, function () {
        expect(actual()).to.equal(expected);
      });
    }

    const census: Array<[string, number]> = [
      ['Activation', 149],
      ['AveragePooling2D', 14],
      ['BatchNormalization', 149],
      ['Concatenate', 3 + 4 + 1 + 7 + 1 + 3 * 3],
      ['Conv2D', 149],
      ['Dense', 1],
      ['Dropout', 1],
      ['GlobalAveragePooling2D', 1],
      ['InputLayer', 1],
      ['MaxPooling2D', 4],
    ];
    it('has the layer census of timm’s module list', function () {
      const got = new Map<string, number>();
      for (const l of model.layers) got.set(l.getClassName(), (got.get(l.getClassName()) ?? 0) + 1);
      expect([...got.entries()].sort()).to.deep.equal([...census].sort());
    });

    // Endpoint shapes (paper Figures 3–9) and the features total (slim without logits: 41,174,400).
    const endpoints: Array<[string, number[]]> = [
      ['mixed_3a', [73, 73, 160]],
      ['mixed_4a', [71, 71, 192]],
      ['mixed_5a', [35, 35, 384]],
      ['mixed_5e', [35, 35, 384]],
      ['mixed_6a', [17, 17, 1024]],
      ['mixed_6h', [17, 17, 1024]],
      ['mixed_7a', [8, 8, 1536]],
      ['mixed_7d', [8, 8, 1536]],
    ];
    for (const [name, shape] of endpoints) {
      it(`reaches ${name} at ${shape.join('×')}`, function () {
        expect((model.getLayer(name).output as SymbolicTensor).shape).to.deep.equal([null, ...shape]);
      });
    }

    it('has 41,174,400 parameters up to the features (mixed_7d)', function () {
      const features = model.getLayer('mixed_7d').output as SymbolicTensor;
      expect(tf.model({ inputs: model.inputs, outputs: features }).countParams()).to.equal(41_174_400);
    });

    // Branch order decides channel order: Mixed_3a is [pool, conv], Mixed_5a is [conv, pool].
    const wiring: Array<[string, string[]]> = [
      ['mixed_3a', ['max_pooling2d', 'activation_3']],
      ['mixed_4a', ['activation_5', 'activation_9']],
      ['mixed_5a', ['activation_10', 'max_pooling2d_1']],
      ['conv2d_11', ['mixed_5a']],
      ['mixed_5b', ['activation_11', 'activation_13', 'activation_16', 'activation_17']],
      ['mixed_6a', ['activation_39', 'activation_42', 'max_pooling2d_2']],
      ['mixed_7a', ['activation_114', 'activation_118', 'max_pooling2d_3']],
      ['mixed_7b', ['activation_119', 'concatenate', 'concatenate_1', 'activation_128']],
      ['avg_pool', ['mixed_7d']],
      ['predictions', ['dropout']],
    ];
    for (const [name, inbound] of wiring) {
      it(`wires ${name} from ${inbound.join(', ')}`, function () {
        expect(inboundNames(model, name)).to.deep.equal(inbound);
      });
    }

    it('pads only where timm pads: valid 3×3 stem and reductions, same for the factorized convs', function () {
      const padding = (name: string) => model.getLayer(name).getConfig()['padding'];
      const kernel = (name: string) => model.getLayer(name).getConfig()['kernelSize'];
      /** `padding kernel` of a conv, e.g. `same 1,7`: the config's string and number array, as text. */
      const describeConv = (name: string) => {
        const p = padding(name);
        const k = kernel(name);
        if (typeof p !== 'string' || !Array.isArray(k) || !k.every((n) => typeof n === 'number'))
          throw new Error(`${name}: unexpected padding ${JSON.stringify(p)} or kernelSize ${JSON.stringify(k)}`);
        return `${p} ${k.join(',')}`;
      };
      expect([padding('conv2d'), padding('conv2d_1'), padding('conv2d_2')]).to.deep.equal(['valid', 'valid', 'same']);
      // mixed_4a: 1×1, 3×3 valid | 1×1, 1×7 same, 7×1 same, 3×3 valid
      expect([4, 5, 6, 7, 8, 9].map((i) => describeConv(`conv2d_${i}`))).to.deep.equal([
        'valid 1,1',
        'valid 3,3',
        'valid 1,1',
        'same 1,7',
        'same 7,1',
        'valid 3,3',
      ]);
      expect(model.getLayer('average_pooling2d').getConfig()['padding']).to.equal('same');
      expect(model.getLayer('max_pooling2d').getConfig()['padding']).to.equal('valid');
    });

    it('uses BN without gamma, epsilon 0.001, and convs without bias', function () {
      const bn = model.layers.filter((l) => l.getClassName() === 'BatchNormalization').map((l) => l.getConfig());
      expect(bn.every((c) => c['scale'] === false && c['center'] === true && c['epsilon'] === 0.001)).to.equal(true);
      const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D');
      expect(convs.every((l) => l.getConfig()['useBias'] === false)).to.equal(true);
    });
  });

  describe('options', function () {
    const rows: Array<{ inputShape: [number, number, number]; classes?: number; out: number[] }> = [
      { inputShape: [75, 75, 3], classes: 10, out: [2, 10] },
      { inputShape: [107, 91, 1], out: [2, 1000] },
    ];
    for (const { inputShape, classes, out } of rows) {
      it(`builds and runs ${inputShape.join('×')} → softmax rows of ${out[1]}`, async function () {
        const model = buildInceptionV4(tf, { inputShape, ...(classes ? { classes } : {}) });
        const x = tf.randomUniform([2, ...inputShape], -1, 1, 'float32', 5);
        const y = model.predict(x) as Tensor;
        try {
          expect(y.shape).to.deep.equal(out);
          for (const s of await y.sum(1).data()) expect(s).to.be.closeTo(1, 1e-4);
        } finally {
          tf.dispose([x, y]);
          model.dispose();
        }
      });
    }

    it('names auto layers from 1 with keras2 naming', function () {
      const model = buildInceptionV4(tf, { naming: 'keras2', inputShape: [75, 75, 3] });
      try {
        const names = model.layers.map((l) => l.name);
        expect(names).to.include.members([
          'conv2d_1',
          'conv2d_149',
          'batch_normalization_149',
          'concatenate_6',
          'dropout_1',
        ]);
        expect(names).to.not.include.members(['conv2d', 'conv2d_150']);
      } finally {
        model.dispose();
      }
    });

    it('rejects inputs below 75×75', function () {
      expect(() => buildInceptionV4(tf, { inputShape: [74, 74, 3] })).to.throw(/at least 75/);
    });
  });
});
