import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { LayersModel } from '@tensorflow/tfjs';
import { buildKerasInceptionV3 } from './kerasInceptionV3.js';

interface ManifestLayer {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound: string[];
}
interface Manifest {
  keras_version: string;
  layers: ManifestLayer[];
  weights: Array<{ name: string; shape: number[] }>;
}

const MANIFEST_URL = new URL('../fixtures/keras_inception_v3_manifest.json', import.meta.url);

// Layer kinds Keras auto-names; anything else in the manifest was named explicitly.
const AUTO_NAMED = /^(conv2d|batch_normalization|activation|max_pooling2d|average_pooling2d|concatenate)_(\d+)$/;

/** The manifest is keras2-named (1-based); tf.keras differs only by counting from 0. */
function toTfKerasName(keras2Name: string): string {
  const m = AUTO_NAMED.exec(keras2Name);
  if (!m) return keras2Name;
  const index = Number(m[2]) - 1;
  return index === 0 ? m[1]! : `${m[1]!}_${index}`;
}

const snakeToCamel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const inboundNames = (model: LayersModel, name: string): string[] =>
  model.getLayer(name).inboundNodes[0]?.inboundLayers.map((l) => l.name) ?? [];

// LayerVariable shapes are typed nullable; a null would poison the sum to NaN and fail loudly.
const sumSizes = (ws: ReadonlyArray<{ shape: ReadonlyArray<number | null> }>): number =>
  ws.reduce((acc, w) => acc + w.shape.reduce<number>((a, b) => a * (b ?? NaN), 1), 0);

async function expectSoftmaxRows(model: LayersModel, input: [number, number, number], classes: number): Promise<void> {
  const x = tf.randomUniform([2, ...input], -1, 1, 'float32', 7);
  const ys = model.predict(x);
  try {
    for (const y of Array.isArray(ys) ? ys : [ys]) {
      expect(y.shape).to.deep.equal([2, classes]);
      const sums = Array.from(await y.sum(1).data());
      for (const s of sums) expect(s).to.be.closeTo(1, 1e-4);
    }
  } finally {
    tf.dispose([x, ys]);
  }
}

describe('reference: Keras Applications InceptionV3 (tfjs)', function () {
  let previousBackend: string;

  before(async function () {
    previousBackend = tf.getBackend();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  after(async function () {
    // Other suites in the same mocha process may rely on whichever backend was active.
    if (previousBackend) await tf.setBackend(previousBackend);
  });

  describe('default build (tf.keras naming, 299×299×3, 1000 classes)', function () {
    let model: LayersModel;
    before(function () {
      model = buildKerasInceptionV3(tf);
    });
    after(function () {
      model.dispose();
    });

    const paramRows: Array<[string, () => number, number]> = [
      ['total (countParams)', () => model.countParams(), 23_851_784],
      ['trainable', () => sumSizes(model.trainableWeights), 23_817_352],
      ['non-trainable', () => sumSizes(model.nonTrainableWeights), 34_432],
      ['weight tensors', () => model.weights.length, 378],
      ['trainable weight tensors', () => model.trainableWeights.length, 190],
    ];
    for (const [label, actual, expected] of paramRows) {
      it(`has ${expected} ${label}`, function () {
        expect(actual()).to.equal(expected);
      });
    }

    it('outputs [null, 1000] from a single head', function () {
      expect(model.outputs).to.have.length(1);
      expect(model.outputs[0]!.shape).to.deep.equal([null, 1000]);
    });

    const classCounts: Array<[string, number]> = [
      ['Conv2D', 94],
      ['BatchNormalization', 94],
      ['Activation', 94],
      ['Concatenate', 15],
      ['AveragePooling2D', 9],
      ['MaxPooling2D', 4],
      ['GlobalAveragePooling2D', 1],
      ['Dense', 1],
      ['InputLayer', 1],
    ];
    it('has the Keras layer census', function () {
      const census = new Map<string, number>();
      for (const l of model.layers) census.set(l.getClassName(), (census.get(l.getClassName()) ?? 0) + 1);
      expect([...census.entries()].sort()).to.deep.equal([...classCounts].sort());
    });

    it('uses tf.keras 0-based auto-names (manifest names shifted by one)', function () {
      const manifest = JSON.parse(readFileSync(MANIFEST_URL, 'utf8')) as Manifest;
      const expected = manifest.layers.map((l) => toTfKerasName(l.name)).sort();
      expect(model.layers.map((l) => l.name).sort()).to.deep.equal(expected);
    });

    const nameRows: Array<[string, string, string]> = [
      // [layer, class, first inbound] — spot checks that pin the 0-based scheme.
      ['conv2d', 'Conv2D', 'input_1'],
      ['batch_normalization', 'BatchNormalization', 'conv2d'],
      ['activation', 'Activation', 'batch_normalization'],
      ['max_pooling2d', 'MaxPooling2D', 'activation_2'],
      ['average_pooling2d', 'AveragePooling2D', 'max_pooling2d_1'],
      ['concatenate', 'Concatenate', 'activation_82'],
      ['concatenate_1', 'Concatenate', 'activation_91'],
      ['conv2d_93', 'Conv2D', 'average_pooling2d_8'],
    ];
    for (const [name, cls, inbound] of nameRows) {
      it(`names ${name} (${cls} fed by ${inbound})`, function () {
        expect(model.getLayer(name).getClassName()).to.equal(cls);
        expect(inboundNames(model, name)[0]).to.equal(inbound);
      });
    }
  });

  describe('keras2 naming against the Keras 2.2.4 manifest', function () {
    let model: LayersModel;
    let manifest: Manifest;
    before(function () {
      manifest = JSON.parse(readFileSync(MANIFEST_URL, 'utf8')) as Manifest;
      model = buildKerasInceptionV3(tf, { naming: 'keras2' });
    });
    after(function () {
      model.dispose();
    });

    it('has exactly the manifest layer names and classes', function () {
      const ours = model.layers.map((l) => `${l.name}:${l.getClassName()}`).sort();
      const theirs = manifest.layers.map((l) => `${l.name}:${l.class_name}`).sort();
      expect(ours).to.deep.equal(theirs);
    });

    it('matches every manifest config field (kernel, strides, padding, filters, BN params, …)', function () {
      const mismatches: string[] = [];
      for (const ml of manifest.layers) {
        const config = model.getLayer(ml.name).getConfig() as Record<string, unknown>;
        for (const [key, want] of Object.entries(ml.config)) {
          const got = config[snakeToCamel(key)];
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            mismatches.push(`${ml.name}.${key}: got ${JSON.stringify(got)}, manifest ${JSON.stringify(want)}`);
          }
        }
      }
      expect(mismatches).to.deep.equal([]);
    });

    it('matches the manifest inbound connectivity, in order', function () {
      const mismatches: string[] = [];
      for (const ml of manifest.layers) {
        const layer = model.getLayer(ml.name);
        const got = inboundNames(model, ml.name);
        // Every layer is applied once, so one inbound node; order matters for concatenation.
        if (layer.inboundNodes.length !== 1 || JSON.stringify(got) !== JSON.stringify(ml.inbound)) {
          mismatches.push(`${ml.name}: got [${got.join(', ')}], manifest [${ml.inbound.join(', ')}]`);
        }
      }
      expect(mismatches).to.deep.equal([]);
    });

    it('has exactly the manifest weight names and shapes', function () {
      // originalName, because tfjs uniquifies variable names process-wide (`conv2d_1/kernel_1`).
      const ours = new Map(model.weights.map((w) => [w.originalName, w.shape]));
      expect(ours.size).to.equal(model.weights.length);
      expect(ours.size).to.equal(manifest.weights.length);
      const mismatches: string[] = [];
      for (const mw of manifest.weights) {
        const got = ours.get(mw.name);
        if (JSON.stringify(got) !== JSON.stringify(mw.shape)) {
          mismatches.push(`${mw.name}: got ${JSON.stringify(got)}, manifest ${JSON.stringify(mw.shape)}`);
        }
      }
      expect(mismatches).to.deep.equal([]);
    });

    it('agrees with the manifest parameter total', function () {
      expect(model.countParams()).to.equal(sumSizes(manifest.weights));
    });
  });

  describe('aux head', function () {
    let model: LayersModel;
    before(function () {
      model = buildKerasInceptionV3(tf, { aux: true });
    });
    after(function () {
      model.dispose();
    });

    it('adds 3,327,592 parameters (27,179,376 total)', function () {
      expect(model.countParams()).to.equal(27_179_376);
    });

    it('has two [null, 1000] outputs: predictions, then aux_predictions', function () {
      expect(model.outputs.map((o) => o.shape)).to.deep.equal([
        [null, 1000],
        [null, 1000],
      ]);
      expect(model.outputLayers.map((l) => l.name)).to.deep.equal(['predictions', 'aux_predictions']);
    });

    const auxChain: Array<[string, string, string]> = [
      ['aux_average_pooling2d', 'AveragePooling2D', 'mixed7'],
      ['aux_conv2d', 'Conv2D', 'aux_average_pooling2d'],
      ['aux_batch_normalization', 'BatchNormalization', 'aux_conv2d'],
      ['aux_activation', 'Activation', 'aux_batch_normalization'],
      ['aux_conv2d_1', 'Conv2D', 'aux_activation'],
      ['aux_batch_normalization_1', 'BatchNormalization', 'aux_conv2d_1'],
      ['aux_activation_1', 'Activation', 'aux_batch_normalization_1'],
      ['aux_flatten', 'Flatten', 'aux_activation_1'],
      ['aux_predictions', 'Dense', 'aux_flatten'],
    ];
    it('taps mixed7 with the TF-slim BN aux layout', function () {
      const got = auxChain.map(([name]) => [name, model.getLayer(name).getClassName(), inboundNames(model, name)[0]]);
      expect(got).to.deep.equal(auxChain);
      expect(model.getLayer('aux_average_pooling2d').getConfig()).to.include({ padding: 'valid' });
      expect(model.getLayer('aux_average_pooling2d').getConfig()['strides']).to.deep.equal([3, 3]);
      expect(model.getLayer('aux_conv2d_1').getConfig()['kernelSize']).to.deep.equal([5, 5]);
      expect(model.getLayer('aux_conv2d_1').outputShape).to.deep.equal([null, 1, 1, 768]);
    });

    it('leaves the trunk names untouched', function () {
      const trunk = model.layers.filter((l) => !l.name.startsWith('aux_')).map((l) => l.name);
      expect(trunk).to.have.length(313);
      expect(trunk).to.include.members(['conv2d', 'conv2d_93', 'concatenate_1', 'mixed10', 'predictions']);
      expect(trunk).to.not.include('conv2d_94');
    });

    it('runs a forward pass yielding two softmax heads', async function () {
      await expectSoftmaxRows(model, [299, 299, 3], 1000);
    });

    it('rejects inputs too small for the aux head', function () {
      expect(() => buildKerasInceptionV3(tf, { aux: true, inputShape: [298, 298, 3] })).to.throw(/aux head/);
    });
  });

  describe('classes / inputShape options', function () {
    const rows: Array<{ inputShape: [number, number, number]; classes?: number }> = [
      { inputShape: [75, 75, 3], classes: 10 },
      { inputShape: [139, 139, 3] },
      { inputShape: [139, 160, 1], classes: 3 },
    ];
    for (const { inputShape, classes } of rows) {
      const units = classes ?? 1000;
      it(`builds and runs ${inputShape.join('×')} → [null, ${units}]`, async function () {
        const model = buildKerasInceptionV3(tf, { inputShape, ...(classes ? { classes } : {}) });
        try {
          expect(model.outputs[0]!.shape).to.deep.equal([null, units]);
          await expectSoftmaxRows(model, inputShape, units);
        } finally {
          model.dispose();
        }
      });
    }

    it('rejects inputs below the Keras minimum of 75×75', function () {
      expect(() => buildKerasInceptionV3(tf, { inputShape: [74, 299, 3] })).to.throw(/at least 75/);
    });
  });
});
