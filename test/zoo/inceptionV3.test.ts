import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { buildModel } from '../../src/backends/tfjs/buildModel.js';
import { compile, compileFile } from '../../src/compile.js';
import type { IRModel, Op } from '../../src/ir/ir.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';
import { tf } from '../../src/runtime/tf.js';
import type { Layer, LayersModel, SymbolicTensor, Tensor } from '../../src/runtime/tf.js';
import { buildKerasInceptionV3 } from '../reference/kerasInceptionV3.js';
import { randomizeBatchNorm } from '../support/weights.js';

const SPEC = 'specs/inception_v3.incep';

/**
 * The spec without its aux heads. The BN aux head needs mixed7 ≥ 17×17 (a 299×299 input), and
 * lowering always lowers it, so smaller inference-only inputs compile only without it.
 */
function withoutAuxHeads(text: string): string {
  const stripped = text.replace(/^ {2}aux [^\n]*\{[\s\S]*?^ {2}\}\n/gm, '');
  if (stripped === text) throw new Error(`no aux head found to strip in ${SPEC}`);
  return stripped;
}

function compileV3(input: [number, number, number], aux: boolean): IRModel {
  const text = readFileSync(SPEC, 'utf8');
  const r = compile(aux ? text : withoutAuxHeads(text), { filename: SPEC, input });
  expect(r.diagnostics.map((d) => d.message)).to.deep.equal([]);
  return r.ir!;
}

/** Layers holding weights, in the order they were constructed (tfjs numbers layers as it makes them). */
function weightedLayers(model: LayersModel): Layer[] {
  return model.layers.filter((l) => l.weights.length > 0).sort((a, b) => a.id - b.id);
}

const census = (layers: readonly Layer[]) => {
  const counts: Record<string, number> = {};
  for (const l of layers) counts[l.getClassName()] = (counts[l.getClassName()] ?? 0) + 1;
  return counts;
};

const countOps = (ir: IRModel, ops: readonly Op[], withAux: boolean) =>
  Object.fromEntries(
    ops.map((op) => [op, ir.layers.filter((l) => l.op === op && (withAux || l.scope.section !== 'aux')).length]),
  );

/** Largest |a − b|, and the largest |b| to scale it by. */
function maxDiff(a: Float32Array, b: Float32Array): { diff: number; scale: number } {
  expect(a.length).to.equal(b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return { diff, scale };
}

describe('zoo: Inception v3 (specs/inception_v3.incep)', function () {
  before(async () => {
    expect((await selectBackend('wasm')).ok).to.equal(true);
  });

  describe('exact totals (Keras Applications InceptionV3)', () => {
    let ir: IRModel;
    before(() => {
      const r = compileFile(SPEC);
      expect(r.diagnostics.map((d) => d.message)).to.deep.equal([]);
      ir = r.ir!;
    });

    const shapeOf = (name: string) => ir.layers.find((l) => l.name === name)?.shape;
    const rows: Array<[string, () => unknown, unknown]> = [
      ['parameters', () => ir.totals.inference.params.total, 23_851_784],
      ['trainable parameters', () => ir.totals.inference.params.trainable, 23_817_352],
      ['non-trainable parameters', () => ir.totals.inference.params.nonTrainable, 34_432],
      ['MACs', () => ir.totals.inference.macs, 5_713_216_096],
      ['GMACs, as the spec header says', () => (ir.totals.inference.macs / 1e9).toFixed(3), '5.713'],
      ['parameters with the aux head', () => ir.totals.withAux.params.total, 27_179_376],
      [
        'trainable / non-trainable with the aux head',
        () => [ir.totals.withAux.params.trainable, ir.totals.withAux.params.nonTrainable],
        [27_143_152, 36_224],
      ],
      ['output shape', () => shapeOf(ir.outputs.main), [null, 1000]],
      [
        'features (mixed10) shape',
        () => [ir.outputs.features, shapeOf(ir.outputs.features)],
        ['mixed10', [null, 8, 8, 2048]],
      ],
      [
        'aux head tap and output shape',
        () => ir.outputs.aux.map((a) => [a.at, shapeOf(a.output)]),
        [['mixed7', [null, 1000]]],
      ],
      [
        'weighted layers (inference)',
        () => countOps(ir, ['conv2d', 'batchnorm', 'dense'], false),
        { conv2d: 94, batchnorm: 94, dense: 1 },
      ],
      [
        'weighted layers (with aux)',
        () => countOps(ir, ['conv2d', 'batchnorm', 'dense'], true),
        { conv2d: 96, batchnorm: 96, dense: 2 },
      ],
    ];
    for (const [what, actual, expected] of rows) {
      it(`has the Keras ${what}: ${JSON.stringify(expected)}`, () => {
        expect(actual()).to.deep.equal(expected);
      });
    }

    it('keeps the inference graph when the aux head is stripped (the small-input fixture)', () => {
      const stripped = compileV3([299, 299, 3], false);
      expect(stripped.totals.inference).to.deep.equal(ir.totals.inference);
      expect(stripped.outputs.aux).to.deep.equal([]);
      expect(stripped.layers.map((l) => l.name)).to.deep.equal(
        ir.layers.filter((l) => l.scope.section !== 'aux').map((l) => l.name),
      );
    });
  });

  const CASES: Array<{ input: [number, number, number]; aux: boolean; seed: number }> = [
    { input: [75, 75, 3], aux: false, seed: 1 },
    { input: [139, 139, 3], aux: false, seed: 2 },
    // The full size, with the aux head: one forward pass checks both heads.
    { input: [299, 299, 3], aux: true, seed: 3 },
  ];

  for (const { input, aux, seed } of CASES) {
    describe(`numerically equal to the Keras reference at ${input.slice(0, 2).join('×')}${aux ? ', with the aux head' : ''}`, () => {
      // Undefined if `before` failed before building them; `after` must not throw over that.
      let ours: LayersModel | undefined;
      let ref: LayersModel | undefined;
      let pairs: Array<[Layer, Layer]>;
      // [mixed10 features, predictions, aux predictions?] of each model on the same input.
      let oursOut: Float32Array[];
      let refOut: Float32Array[];

      before(async () => {
        const ir = compileV3(input, aux);
        ours = buildModel(ir, { aux });
        ref = buildKerasInceptionV3(tf, { inputShape: input, aux });
        // Fresh BN layers are an identity at inference; random stats make every one count.
        randomizeBatchNorm(ref, 100 * seed);
        const refLayers = weightedLayers(ref);
        const ourLayers = weightedLayers(ours);
        pairs = refLayers.map((l, i) => [l, ourLayers[i]!]);
        expect(ourLayers.length, 'weighted layer count').to.equal(refLayers.length);
        for (const [r, o] of pairs) {
          // Checked again, readably, in the test below; here it only guards setWeights.
          if (r.getClassName() !== o.getClassName()) break;
          o.setWeights(r.getWeights());
        }

        const probe = (m: LayersModel, features: string) =>
          tf.model({ inputs: m.inputs, outputs: [m.getLayer(features).output as SymbolicTensor, ...m.outputs] });
        const x = tf.randomUniform([2, ...input], -1, 1, 'float32', seed);
        const run = async (m: LayersModel) => {
          const ys = m.predict(x) as Tensor[];
          const data = await Promise.all(ys.map((y) => y.data() as Promise<Float32Array>));
          tf.dispose(ys);
          return data;
        };
        oursOut = await run(probe(ours, ir.outputs.features));
        refOut = await run(probe(ref, 'mixed10'));
        x.dispose();
      });

      after(() => {
        ours?.dispose();
        ref?.dispose();
      });

      it(`pairs the weighted layers in creation order: ${aux ? '96 conv, 96 BN, 2 dense' : '94 conv, 94 BN, 1 dense'}, same kinds and weight shapes`, () => {
        const want = aux
          ? { Conv2D: 96, BatchNormalization: 96, Dense: 2 }
          : { Conv2D: 94, BatchNormalization: 94, Dense: 1 };
        expect(census(weightedLayers(ref!)), 'reference').to.deep.equal(want);
        expect(census(weightedLayers(ours!)), 'ours').to.deep.equal(want);
        const mismatches = pairs
          .map(([r, o], i) => {
            const rs = `${r.getClassName()} ${JSON.stringify(r.weights.map((w) => w.shape))}`;
            const os = `${o.getClassName()} ${JSON.stringify(o.weights.map((w) => w.shape))}`;
            return rs === os ? '' : `#${i} ${r.name} is ${rs}, ${o.name} is ${os}`;
          })
          .filter(Boolean);
        expect(mismatches).to.deep.equal([]);
      });

      it('gives the same mixed10 features (max |diff| < 1e-5 of their range)', () => {
        const { diff, scale } = maxDiff(oursOut[0]!, refOut[0]!);
        expect(scale, 'features are not all zero').to.be.greaterThan(0);
        expect(diff / scale).to.be.lessThan(1e-5);
      });

      // With random weights the softmax is nearly uniform (≈1e-3 per class), so its tolerance is
      // absolute and tight: resetting one BN layer moves it by ≈3e-5 and mixed10 by ≈9%.
      it('gives the same softmax predictions (max |diff| < 1e-6)', () => {
        expect(oursOut[1]!.length).to.equal(2 * 1000);
        expect(maxDiff(oursOut[1]!, refOut[1]!).diff).to.be.lessThan(1e-6);
      });

      if (aux) {
        it('gives the same aux softmax predictions (max |diff| < 1e-6)', () => {
          expect(oursOut).to.have.length(3);
          expect(maxDiff(oursOut[2]!, refOut[2]!).diff).to.be.lessThan(1e-6);
        });
      }
    });
  }
});
