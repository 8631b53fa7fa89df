import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';

import { buildModel } from '../../src/backends/tfjs/buildModel.js';
import { compile, compileFile } from '../../src/compile.js';
import type { IRModel } from '../../src/ir/ir.js';
import { exportOnnx } from '../../src/onnx/exportOnnx.js';
import { OPS } from '../../src/ops/registry.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';
import { tf, type LayersModel, type Tensor } from '../../src/runtime/tf.js';
import { onnxOpCounts, onnxOutputs, randomizeWeights, relativeDiff, tfjsOutputs } from './onnxSupport.js';
import { TINY_SPEC } from './tinySpec.js';

/** Relative tolerance: max |onnx − tfjs| / max |tfjs|. */
const TOLERANCE = 1e-4;
/** Ten classes keep each softmax probability near 0.1, far above the tolerance's floor. */
const CLASSES = 10;
const BATCH = 2;

interface Case {
  name: string;
  ir: () => IRModel;
  /** Batch norms an optimized export keeps: those after an activation, which do not fold. */
  keptBatchNorms: number;
}

function specIr(spec: string): IRModel {
  const compiled = compileFile(fileURLToPath(new URL(`../../specs/${spec}`, import.meta.url)), {
    input: [75, 75, 3],
    classes: CLASSES,
  });
  expect(compiled.ok, compiled.diagnostics.map((d) => d.message).join('\n')).to.equal(true);
  return compiled.ir!;
}

function tinyIr(): IRModel {
  const compiled = compile(TINY_SPEC);
  expect(compiled.ok, compiled.diagnostics.map((d) => d.message).join('\n')).to.equal(true);
  return compiled.ir!;
}

/** Every zoo spec at 75×75 (the smallest side they all compile at), and the every-op model. */
const CASES: Case[] = [
  { name: 'Tiny (every op and option)', ir: tinyIr, keptBatchNorms: 1 },
  ...[
    'inception_v1.incep',
    'inception_v2.incep',
    'inception_v3.incep',
    'inception_v4.incep',
    'inception_resnet_v1.incep',
    'inception_resnet_v2.incep',
  ].map((spec): Case => ({ name: spec, ir: () => specIr(spec), keptBatchNorms: 0 })),
];

describe('onnx/exportOnnx', function () {
  this.timeout(600_000);

  before(async function () {
    expect((await selectBackend('wasm')).ok).to.equal(true);
  });

  for (const c of CASES) {
    describe(c.name, function () {
      let ir: IRModel;
      let model: LayersModel;
      let x: Tensor;
      let want: Float32Array[];

      before(async function () {
        ir = c.ir();
        model = buildModel(ir, { aux: true });
        randomizeWeights(model, 1000);
        const [h, w, ch] = ir.input;
        x = tf.randomUniform([BATCH, h, w, ch], -1, 1, 'float32', 42);
        want = await tfjsOutputs(model, x);
        // Guard against a vacuous pass: the two images must give outputs further apart than the tolerance.
        const main = want[0]!;
        const half = main.length / BATCH;
        expect(relativeDiff(main.subarray(0, half), main.subarray(half))).to.be.greaterThan(TOLERANCE);
      });

      after(function () {
        tf.dispose(x);
        model.dispose();
      });

      it(`with aux: every output equals tfjs's (relative max |diff| < ${TOLERANCE})`, async function () {
        const bytes = exportOnnx(ir, model, { aux: true });
        const got = await onnxOutputs(bytes, x);
        expect(got.names).to.deep.equal([ir.outputs.main, ...ir.outputs.aux.map((a) => a.output)]);
        const diffs = got.values.map((g, i) => relativeDiff(g, want[i]!));
        console.log(`      ${c.name}: ${got.names.map((n, i) => `${n} ${diffs[i]!.toExponential(2)}`).join(', ')}`);
        diffs.forEach((d, i) => expect(d, got.names[i]).to.be.lessThan(TOLERANCE));
      });

      it('with optimize: the main output equals, no aux heads, no foldable BatchNormalization left', async function () {
        const bytes = exportOnnx(ir, model, { optimize: true });
        const counts = onnxOpCounts(bytes);
        expect(counts.get('BatchNormalization') ?? 0).to.equal(c.keptBatchNorms);
        expect(counts.get('Dropout') ?? 0).to.equal(0);
        const got = await onnxOutputs(bytes, x);
        expect(got.names).to.deep.equal([ir.outputs.main]);
        const diff = relativeDiff(got.values[0]!, want[0]!);
        console.log(
          `      ${c.name} optimized: ${diff.toExponential(2)}, BatchNormalization ${ir.layers.filter((l) => l.op === 'batchnorm').length} → ${c.keptBatchNorms}`,
        );
        expect(diff).to.be.lessThan(TOLERANCE);
      });
    });
  }

  describe('the graph', function () {
    let ir: IRModel;
    let model: LayersModel;
    let graph: onnxProto.onnx.IGraphProto;
    let opset: number;

    before(function () {
      ir = tinyIr();
      model = buildModel(ir, { aux: true });
      const decoded = onnxProto.onnx.ModelProto.decode(exportOnnx(ir, model, { aux: true }));
      graph = decoded.graph!;
      opset = Number(decoded.opsetImport[0]?.version);
    });

    after(function () {
      model.dispose();
    });

    it('is opset 13 with an NHWC input [N, H, W, C] named as the tfjs input', function () {
      expect(opset).to.equal(13);
      const input = graph.input![0]!;
      expect(input.name).to.equal(model.inputNames[0]);
      const dims = input.type!.tensorType!.shape!.dim!;
      expect([dims[0]!.dimParam, ...dims.slice(1).map((d) => Number(d.dimValue))]).to.deep.equal(['N', ...ir.input]);
    });

    it('covers every op of the registry (the Tiny spec uses them all)', function () {
      const used = new Set(ir.layers.map((l) => l.op));
      expect([...used].sort()).to.deep.equal(Object.keys(OPS).sort());
    });

    it('throws, naming the layer, for a model built from another IR', function () {
      const other = compile(TINY_SPEC, { classes: 3 });
      const elsewhere = buildModel(other.ir!);
      try {
        expect(() => exportOnnx(ir, elsewhere)).to.throw(/'head_dense2' gives \[null,3\], the IR \[null,10\]/);
      } finally {
        elsewhere.dispose();
      }
    });

    it('throws, naming the layer, for a model built without the aux heads it is asked for', function () {
      const inference = buildModel(ir);
      try {
        expect(() => exportOnnx(ir, inference, { aux: true })).to.throw(/no layer 'side_avgpool1'|no layer 'side_/);
      } finally {
        inference.dispose();
      }
    });
  });

  it('writes a spatial output (a model without a head) back in NHWC, as tfjs gives it', async function () {
    const compiled = compile('model Headless {\n  input 12x12x3\n  classes 2\n  stem { conv 5 3x3 /2 same relu }\n}\n');
    expect(compiled.ok, compiled.diagnostics.map((d) => d.message).join('\n')).to.equal(true);
    const model = buildModel(compiled.ir!);
    randomizeWeights(model, 5);
    const x = tf.randomUniform([BATCH, 12, 12, 3], -1, 1, 'float32', 8);
    try {
      const want = (await tfjsOutputs(model, x))[0]!;
      const got = await onnxOutputs(exportOnnx(compiled.ir!, model), x);
      expect(want).to.have.length(BATCH * 6 * 6 * 5);
      expect(relativeDiff(got.values[0]!, want)).to.be.lessThan(TOLERANCE);
    } finally {
      tf.dispose(x);
      model.dispose();
    }
  });

  /**
   * The comparison is not vacuous: a tfjs model whose weights are laid out wrongly in one layer
   * (as an exporter with that bug would write them) gives outputs far from the original's.
   */
  describe('a wrong weight layout is caught', function () {
    interface Sabotage {
      title: string;
      layer: string;
      role: string;
      /** The weight's values re-read in a wrong layout (same shape). */
      permute: (values: Float32Array, shape: number[]) => Float32Array;
    }
    const swapLastTwo = (values: Float32Array, shape: number[]): Float32Array => {
      // Reads [.., a, b] as [.., b, a]: what mixing up channel-major and multiplier-major would do.
      const [a, b] = shape.slice(-2) as [number, number];
      const out = new Float32Array(values.length);
      for (let base = 0; base < values.length; base += a * b)
        for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) out[base + i * b + j] = values[base + j * a + i]!;
      return out;
    };
    const swapKernelAxes = (values: Float32Array, shape: number[]): Float32Array => {
      // kh and kw exchanged: [kh, kw, i, o] read as [kw, kh, i, o] (square kernels only).
      const [k, , i, o] = shape as [number, number, number, number];
      const out = new Float32Array(values.length);
      for (let y = 0; y < k; y++)
        for (let x = 0; x < k; x++)
          for (let n = 0; n < i * o; n++) out[(y * k + x) * i * o + n] = values[(x * k + y) * i * o + n]!;
      return out;
    };
    const SABOTAGES: Sabotage[] = [
      {
        title: 'a 3×3 kernel with height and width swapped',
        layer: 'stem_conv2',
        role: 'kernel',
        permute: swapKernelAxes,
      },
      {
        title: 'a depthwise kernel read multiplier-major',
        layer: 'body_sepconv1',
        role: 'depthwise_kernel',
        permute: swapLastTwo,
      },
      { title: 'a conv kernel with in and out swapped', layer: 'res_1_b2_conv2', role: 'kernel', permute: swapLastTwo },
    ];

    let ir: IRModel;
    let model: LayersModel;
    let x: Tensor;
    let want: Float32Array;

    before(async function () {
      ir = tinyIr();
      model = buildModel(ir);
      randomizeWeights(model, 7);
      x = tf.randomUniform([BATCH, ...ir.input], -1, 1, 'float32', 3);
      want = (await tfjsOutputs(model, x))[0]!;
    });

    after(function () {
      tf.dispose(x);
      model.dispose();
    });

    for (const s of SABOTAGES) {
      it(s.title, async function () {
        const wrong = buildModel(ir);
        try {
          const layer = model.getLayer(s.layer);
          const values = layer.getWeights().map((w, i) => {
            const data = w.dataSync() as Float32Array;
            const role = layer.weights[i]!.originalName.split('/').pop();
            return tf.tensor(role === s.role ? s.permute(data, w.shape) : data, w.shape);
          });
          wrong.setWeights(model.getWeights());
          wrong.getLayer(s.layer).setWeights(values);
          tf.dispose(values);
          const got = await onnxOutputs(exportOnnx(ir, wrong), x);
          expect(relativeDiff(got.values[0]!, want)).to.be.greaterThan(1e-2);
        } finally {
          wrong.dispose();
        }
      });
    }
  });
});
