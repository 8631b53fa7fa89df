import { expect } from 'chai';
import { mkdtemp, readFile, rm, truncate, unlink } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildModel } from '../../src/backends/tfjs/buildModel.js';
import { compileFile, type CompileOptions } from '../../src/compile.js';
import type { IRModel } from '../../src/ir/ir.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';
import { tf } from '../../src/runtime/tf.js';
import type { LayersModel, Tensor } from '../../src/runtime/tf.js';
import { loadKerasWeights } from '../../src/weights/loadKerasWeights.js';
import { loadPretrained } from '../../src/weights/loadPretrained.js';
import { buildKerasInceptionResNetV2 } from '../reference/kerasInceptionResNetV2.js';
import { buildKerasInceptionV3 } from '../reference/kerasInceptionV3.js';
import { writeKerasWeightsDir, type KerasWeight, type WrittenKerasWeightsDir } from '../support/kerasWeightsDir.js';
import { maxAbsDiff, modelOutputs } from '../support/modelOutputs.js';

/**
 * Real Keras 2.2.4 InceptionV3 weight names and shapes, in the published conversion's order
 * (a copy of ../shared/reference/keras_inception_v3_manifest.json, so a clone tests on its own).
 */
const MANIFEST = JSON.parse(
  readFileSync(new URL('../fixtures/keras_inception_v3_manifest.json', import.meta.url), 'utf8'),
) as { weights: Array<{ name: string; shape: number[] }> };

/** Weights do not depend on the input size; a small one keeps each forward pass short. */
const SIDE = 139;
const TOLERANCE = 1e-4;

function compileSpec(file: string, options: Omit<CompileOptions, 'filename' | 'readFile'> = {}): IRModel {
  const result = compileFile(fileURLToPath(new URL(`../../specs/${file}`, import.meta.url)), {
    input: [SIDE, SIDE, 3],
    ...options,
  });
  expect(result.ok, result.diagnostics.map((d) => d.message).join('\n')).to.equal(true);
  return result.ir!;
}

/** Sets every weight of `model` by its Keras name, independently of the loader under test. */
function setByName(model: LayersModel, values: ReadonlyMap<string, Float32Array>): void {
  const used = new Set<string>();
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const tensors = layer.weights.map((w) => {
      const v = values.get(w.originalName);
      if (!v) throw new Error(`no value for ${w.originalName}`);
      used.add(w.originalName);
      return tf.tensor(v, w.shape as number[]);
    });
    layer.setWeights(tensors);
    tf.dispose(tensors);
  }
  expect(used.size).to.equal(values.size);
}

/** Features (named layer) and main output for `x`. */
async function expectSameOutputs(ours: LayersModel, ref: LayersModel, features: string, x: Tensor): Promise<void> {
  const got = await modelOutputs(ours, features, x);
  const want = await modelOutputs(ref, features, x);
  // The comparison means something only if the features depend on the input.
  const half = want.features.length / 2;
  expect(maxAbsDiff(want.features.subarray(0, half), want.features.subarray(half))).to.be.greaterThan(0.01);
  expect(maxAbsDiff(got.features, want.features)).to.be.lessThan(TOLERANCE);
  expect(maxAbsDiff(got.output, want.output)).to.be.lessThan(TOLERANCE);
}

/** Keras 2 (1-based) auto-name → tf.keras (0-based): `conv2d_1` → `conv2d`, `conv2d_2` → `conv2d_1`. */
function toTfKeras(name: string): string {
  return name.replace(/^(conv2d|batch_normalization|dense)_(\d+)\//, (_, kind: string, n: string) =>
    Number(n) === 1 ? `${kind}/` : `${kind}_${Number(n) - 1}/`,
  );
}

/** Copies of every weight, to prove a refused load changed nothing. */
function snapshot(model: LayersModel): Tensor[] {
  return model.weights.map((w) => w.read().clone());
}

function changedWeights(model: LayersModel, before: readonly Tensor[]): string[] {
  return tf.tidy(() =>
    model.weights
      .filter((w, i) => tf.any(tf.notEqual(w.read(), before[i]!)).dataSync()[0] !== 0)
      .map((w) => w.originalName),
  );
}

describe('weights/loadKerasWeights with synthetic tensorflowjs_converter directories', function () {
  this.timeout(120_000);
  let root: string;
  let x: Tensor;

  before(async function () {
    expect((await selectBackend('wasm')).ok).to.equal(true);
    root = await mkdtemp(join(tmpdir(), 'incep-keras-weights-'));
    x = tf.randomUniform([2, SIDE, SIDE, 3], -1, 1, 'float32', 9);
  });

  after(async function () {
    tf.dispose(x);
    await rm(root, { recursive: true, force: true });
  });

  describe('InceptionV3', function () {
    let ir: IRModel;
    let ref: LayersModel;
    let keras2: WrittenKerasWeightsDir;

    before(async function () {
      ir = compileSpec('inception_v3.incep');
      // The Keras 2.2.4-era converter wrote shards without a suffix.
      keras2 = await writeKerasWeightsDir(join(root, 'v3-keras2'), MANIFEST.weights, { suffix: '' });
      ref = buildKerasInceptionV3(tf, { inputShape: [SIDE, SIDE, 3], naming: 'keras2' });
      setByName(ref, keras2.values);
    });

    after(function () {
      ref.dispose();
    });

    it('writes the converter layout: the published manifest order, 23 shards of 4 MiB', async function () {
      expect(keras2.manifest.map((w) => w.name)).to.deep.equal(MANIFEST.weights.map((w) => w.name));
      expect(keras2.shards).to.have.length(23);
      expect(keras2.shards[0]).to.equal('group1-shard1of23');
      const json = JSON.parse(await readFile(join(keras2.dir, 'model.json'), 'utf8')) as Record<string, unknown>;
      expect(json['format']).to.equal('layers-model');
      expect(json['modelTopology']).to.be.an('object');
    });

    it('(a) loads Keras 2 (1-based) names into the compiled spec, matching the reference set by name', async function () {
      const ours = buildModel(ir);
      try {
        const result = await loadKerasWeights(ours, keras2.dir, { ir });
        expect(result).to.deep.equal({
          ok: true,
          layers: 94 + 94 + 1,
          weights: 378,
          naming: 'keras2',
          reinitialized: [],
        });
        // Spot check the mapping itself, not only the outputs: the first and last auto-named
        // conv (conv2d_1 → the stem's first conv, conv2d_94 → mixed10's pool projection).
        const kernel = (layer: string) => ours.getLayer(layer).getWeights()[0]!.dataSync() as Float32Array;
        expect(maxAbsDiff(kernel('stem_conv1'), keras2.values.get('conv2d_1/kernel')!)).to.equal(0);
        expect(maxAbsDiff(kernel('mixed10_branch_pool_conv1'), keras2.values.get('conv2d_94/kernel')!)).to.equal(0);
        await expectSameOutputs(ours, ref, 'mixed10', x);
      } finally {
        ours.dispose();
      }
    });

    it('(b) loads the same weights under tf.keras (0-based) names', async function () {
      const renamed: KerasWeight[] = MANIFEST.weights.map((w) => ({
        name: toTfKeras(w.name),
        shape: w.shape,
        values: keras2.values.get(w.name)!,
      }));
      expect(renamed.map((w) => w.name)).to.include.members([
        'conv2d/kernel',
        'conv2d_93/kernel',
        'batch_normalization/beta',
      ]);
      const dir = await writeKerasWeightsDir(join(root, 'v3-tfkeras'), renamed);
      expect(dir.manifest[0]!.name).to.equal('batch_normalization/beta');
      const ours = buildModel(ir);
      try {
        const result = await loadKerasWeights(ours, dir.dir, { ir });
        expect(result).to.deep.equal({ ok: true, layers: 189, weights: 378, naming: 'tf.keras', reinitialized: [] });
        await expectSameOutputs(ours, ref, 'mixed10', x);
      } finally {
        ours.dispose();
        await rm(dir.dir, { recursive: true, force: true });
      }
    });
    it('(e) fine-tunes: 5 classes from 1000-class weights keep a fresh head and fresh aux heads, the rest loaded', async function () {
      // At 139x139 the aux head does not fit (it is left out); weights do not depend on the size.
      const five = compileSpec('inception_v3.incep', { classes: 5, input: [299, 299, 3] });
      expect(five.outputs.aux.length).to.be.greaterThan(0);
      const ours = buildModel(five, { aux: true });
      try {
        const strict = await loadKerasWeights(ours, keras2.dir, { ir: five });
        expect(strict.ok).to.equal(false);
        const head = ours.getLayer('predictions').getWeights()[0]!.dataSync().slice();
        const result = await loadPretrained(ours, keras2.dir, { ir: five, classes: 5 });
        if (!result.ok) throw new Error(result.message);
        expect(result.source).to.equal('keras2');
        expect(result.layers).to.equal(94 + 94);
        expect(result.reinitialized).to.deep.equal([{ layer: 'predictions', classes: 1000 }]);
        expect(result.fresh.length).to.be.greaterThan(0);
        expect(result.fresh.some((name) => name.startsWith('mixed'))).to.equal(false);
        expect(Array.from(ours.getLayer('predictions').getWeights()[0]!.dataSync())).to.deep.equal(Array.from(head));
        const kernel = (layer: string) => ours.getLayer(layer).getWeights()[0]!.dataSync() as Float32Array;
        expect(maxAbsDiff(kernel('stem_conv1'), keras2.values.get('conv2d_1/kernel')!)).to.equal(0);
        expect(maxAbsDiff(kernel('mixed10_branch_pool_conv1'), keras2.values.get('conv2d_94/kernel')!)).to.equal(0);
      } finally {
        ours.dispose();
      }
    });
  });

  it('(c) loads an InceptionResNetV2 directory made from the reference’s Keras names into the compiled spec', async function () {
    const ref = buildKerasInceptionResNetV2(tf, { inputShape: [SIDE, SIDE, 3] });
    const ir = compileSpec('inception_resnet_v2.incep');
    const ours = buildModel(ir);
    try {
      const weights = ref.weights.map((w) => ({ name: w.originalName, shape: w.shape as number[] }));
      expect(weights.map((w) => w.name)).to.include.members([
        'block35_1_conv/bias',
        'conv_7b_bn/moving_variance',
        'conv2d_202/kernel',
      ]);
      const dir = await writeKerasWeightsDir(join(root, 'irv2'), weights, { seed: 7 });
      setByName(ref, dir.values);
      const result = await loadKerasWeights(ours, dir.dir, { ir });
      expect(result).to.deep.equal({
        ok: true,
        layers: 244 + 204 + 1,
        weights: 898,
        naming: 'tf.keras',
        reinitialized: [],
      });
      await expectSameOutputs(ours, ref, 'conv_7b_ac', x);
      await rm(dir.dir, { recursive: true, force: true });
    } finally {
      ref.dispose();
      ours.dispose();
    }
  });

  describe('(d) refusals name the first mismatch and leave the model untouched', function () {
    let ir: IRModel;
    let ten: IRModel;
    let values: ReadonlyMap<string, Float32Array>;

    before(async function () {
      ir = compileSpec('inception_v3.incep');
      ten = compileSpec('inception_v3.incep', { classes: 10 });
      // Generated once, so the variants below differ from it only by their edit.
      const base = await writeKerasWeightsDir(join(root, 'v3-base'), MANIFEST.weights);
      values = base.values;
      await rm(base.dir, { recursive: true, force: true });
    });

    const shapeOf = (name: string): number[] => MANIFEST.weights.find((w) => w.name === name)!.shape;
    /** The manifest's weights with their shared values, edited by `edit`. */
    const edited = (edit: (ws: KerasWeight[]) => KerasWeight[]) => (): KerasWeight[] =>
      edit(MANIFEST.weights.map((w) => ({ name: w.name, shape: w.shape, values: values.get(w.name)! })));

    interface Refusal {
      what: string;
      /** The directory to load, written under `dir`; absent → no directory at all. */
      make?: (dir: string) => Promise<void>;
      model?: () => IRModel;
      message: RegExp;
    }
    const write = (weights: () => KerasWeight[]) => async (dir: string) => {
      await writeKerasWeightsDir(dir, weights());
    };
    const cases: Refusal[] = [
      {
        what: 'a missing weight',
        make: write(edited((ws) => ws.filter((w) => w.name !== 'batch_normalization_7/moving_variance'))),
        message: /Keras layer 'batch_normalization_7' has no 'moving_variance'/,
      },
      {
        what: 'an extra weight',
        make: write(
          edited((ws) => [
            ...ws,
            { name: 'batch_normalization_7/gamma', shape: shapeOf('batch_normalization_7/beta') },
          ]),
        ),
        message: /'batch_normalization_7\/gamma' has no place/,
      },
      {
        what: 'a wrong shape',
        make: write(
          edited((ws) =>
            ws.map((w) => (w.name === 'conv2d_27/kernel' ? { name: w.name, shape: [3, 3, 288, 380] } : w)),
          ),
        ),
        message: /'conv2d_27\/kernel' has shape \[3, 3, 288, 380\] but model layer '\w+' needs \[3, 3, 288, 384\]/,
      },
      {
        what: 'a classes 10 model and 1000-class weights',
        make: write(edited((ws) => ws)),
        model: () => ten,
        message: /'predictions\/kernel' has shape \[2048, 1000\] but model layer 'predictions' needs \[2048, 10\]/,
      },
      {
        what: 'an unknown named layer',
        make: write(edited((ws) => [...ws, { name: 'predictions_aux/kernel', shape: [2048, 1000] }])),
        message: /Keras layer 'predictions_aux' have no layer of that name/,
      },
      {
        what: 'a wrong count of auto-named conv layers',
        make: write(edited((ws) => ws.filter((w) => w.name !== 'conv2d_94/kernel'))),
        message: /93 auto-named conv2d layers but the model has 94/,
      },
      {
        what: 'a gap in the auto-named conv layers',
        make: write(
          edited((ws) => [
            ...ws.filter((w) => w.name !== 'conv2d_50/kernel'),
            { name: 'conv2d_95/kernel', shape: [1, 1, 192, 192] },
          ]),
        ),
        message: /auto-named conv2d layers skip from 'conv2d_49' to 'conv2d_51'/,
      },
      {
        what: 'a truncated shard',
        make: async (dir) => {
          const written = await writeKerasWeightsDir(dir, edited((ws) => ws)());
          await truncate(join(dir, written.shards.at(-1)!), 100);
        },
        message: /bytes but model\.json describes/,
      },
      {
        what: 'a missing directory',
        message: /does not exist/,
      },
      {
        what: 'a directory without model.json',
        make: async (dir) => {
          const written = await writeKerasWeightsDir(dir, edited((ws) => ws.slice(0, 3))());
          await unlink(join(written.dir, 'model.json'));
        },
        message: /has no model\.json/,
      },
    ];

    for (const [i, c] of cases.entries()) {
      it(`refuses ${c.what}`, async function () {
        const dir = join(root, `refusal-${i}`);
        await c.make?.(dir);
        const model = buildModel(c.model?.() ?? ir);
        const before = snapshot(model);
        try {
          const result = await loadKerasWeights(model, dir, { ir: c.model?.() ?? ir });
          expect(result.ok).to.equal(false);
          if (result.ok) return;
          expect(result.message).to.match(c.message);
          expect(result.hint).to.be.a('string').that.is.not.empty;
          expect(changedWeights(model, before)).to.deep.equal([]);
        } finally {
          tf.dispose(before);
          model.dispose();
          await rm(dir, { recursive: true, force: true });
        }
      });
    }
  });
});
