import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel, type BuildOptions } from '../../../src/backends/tfjs/buildModel.js';
import { compile, compileFile } from '../../../src/compile.js';
import { ACTIVATIONS, type IRLayer, type IRModel, type Op } from '../../../src/ir/ir.js';
import { loadModelDir } from '../../../src/runtime/loadModelDir.js';
import { saveModelDir } from '../../../src/runtime/saveModelDir.js';
import { selectBackend } from '../../../src/runtime/selectBackend.js';
import { tf } from '../../../src/runtime/tf.js';
import type { LayersModel, SymbolicTensor, Tensor } from '../../../src/runtime/tf.js';
import { randomizeBatchNorm, weightCount } from '../../support/weights.js';

/**
 * Every op; a residual block with a projection and an LRN whose settings differ from the defaults
 * (so a save that lost them would change the output); four-way and split concats; two aux heads.
 */
const ALL_OPS = `
model AllOps {
  input 29x27x3
  classes 5
  block Res residual(scale=0.2) {
    branch a { conv 8 1x1 same relu }
    branch b { conv 8 1x1 same relu; lrn depth_radius=1 bias=2 alpha=0.001 beta=0.5; conv 8 3x3 same relu }
    project conv in 1x1 linear
  }
  block Mixed {
    branch a { conv 6 1x1 bn(scale=false) relu }
    branch b { sepconv 6 3x3 same depth_multiplier=2 bn relu6 }
    branch c { avgpool 3x3 /1 same; conv 4 1x1 nobias }
    branch d { maxpool 3x3 /1 same }
  }
  stem {
    conv 12 3x3 /2 valid bn(momentum=0.9, epsilon=0.01) relu
    batchnorm center=false
    act swish
    maxpool 2x2 same
  }
  body {
    Res as res1
    Mixed x 2 as mixed1
    dropout 0.1
  }
  aux early at res1 weight 0.3 { globalmaxpool; dense classes softmax }
  aux late at mixed2 weight 0.2 { flatten; dense 3 tanh nobias; dense classes softmax }
  head {
    split { globalavgpool } { globalmaxpool }
    dropout 0.3
    dense 16 elu
    dense classes softmax
  }
}
`;

/** Keras's conv2d_bn house style, named blocks, repeats, a split and a BN aux head. */
const MINI_V3 = `
model MiniV3 {
  input 75x75x3
  classes 10
  defaults { conv: nobias bn(epsilon=0.001, scale=false) relu same }
  block A(pool) {
    branch b1 { conv 16 1x1 }
    branch b5 { conv 12 1x1; conv 16 5x5 }
    branch bp { avgpool 3x3 /1 same; conv pool 1x1 }
  }
  block E {
    branch b1 { conv 16 1x1 }
    branch b3 { conv 16 1x1; split { conv 16 1x3 } { conv 16 3x1 } }
  }
  stem { conv 16 3x3 /2 valid; conv 16 3x3 valid; maxpool 3x3 /2 }
  body { A(8) as mixed0; A(16) x 2 as mixed1; E as mixed3 }
  aux logits at mixed1 weight 0.4 { avgpool 5x5 /3 valid; conv 16 1x1; flatten; dense classes softmax }
  head { globalavgpool as avg_pool; dense classes softmax as predictions }
}
`;

/** No head and no aux: the features are the main output. */
const TRUNK = `
model Trunk {
  input 16x16x1
  stem { conv 4 3x3 same relu }
  body { conv 8 3x3 /2 valid }
}
`;

function compileOk(source: string): IRModel {
  const r = compile(source, { filename: 'build.incep' });
  expect(r.diagnostics.map((d) => d.message)).to.deep.equal([]);
  return r.ir!;
}

const SPECS: Array<[string, () => IRModel]> = [
  ['every op, residual, two aux heads', () => compileOk(ALL_OPS)],
  ['a miniature Inception v3', () => compileOk(MINI_V3)],
  ['a trunk without head or aux', () => compileOk(TRUNK)],
  ['Inception v3', () => compileFile('specs/inception_v3.incep').ir!],
];

const TF_CLASS: Record<Op, string> = {
  input: 'InputLayer',
  conv2d: 'Conv2D',
  sepconv2d: 'SeparableConv2D',
  batchnorm: 'BatchNormalization',
  activation: 'Activation',
  maxpool: 'MaxPooling2D',
  avgpool: 'AveragePooling2D',
  globalavgpool: 'GlobalAveragePooling2D',
  globalmaxpool: 'GlobalMaxPooling2D',
  lrn: 'LocalResponseNorm',
  dropout: 'Dropout',
  flatten: 'Flatten',
  dense: 'Dense',
  concat: 'Concatenate',
  scaledadd: 'ScaledAdd',
  multiply: 'Multiply',
};

/** tfjs's config spelling of each activation (all but one match the IR's Keras spelling). */
const TF_ACTIVATION: Record<string, string> = { hard_sigmoid: 'hardSigmoid' };
const tfAct = (a: string) => TF_ACTIVATION[a] ?? a;

/** The tfjs `getConfig()` entries an IR layer's attrs must show up as. */
function expectedConfig(layer: IRLayer): Record<string, unknown> {
  switch (layer.op) {
    case 'conv2d':
    case 'sepconv2d': {
      const a = layer.attrs;
      // Not depthMultiplier: tfjs 4.22 leaves it out of SeparableConv's config. The param counts
      // check that it reached the layer; the save round trip, that it survives serialization.
      return {
        filters: a.filters,
        kernelSize: a.kernel,
        strides: a.strides,
        padding: a.padding,
        dilationRate: a.dilation,
        useBias: a.useBias,
        activation: tfAct(a.activation),
      };
    }
    case 'batchnorm':
      return { ...layer.attrs };
    case 'activation':
      return { activation: tfAct(layer.attrs.activation) };
    case 'maxpool':
    case 'avgpool':
      return { poolSize: layer.attrs.pool, strides: layer.attrs.strides, padding: layer.attrs.padding };
    case 'lrn':
    case 'dropout':
    case 'scaledadd':
      return { ...layer.attrs };
    case 'dense':
      return { units: layer.attrs.units, useBias: layer.attrs.useBias, activation: tfAct(layer.attrs.activation) };
    case 'concat':
      return { axis: -1 };
    default:
      return {};
  }
}

const sections = (ir: IRModel, keep: ReadonlyArray<IRLayer['scope']['section']>) =>
  ir.layers.filter((l) => keep.includes(l.scope.section));
const names = (layers: ReadonlyArray<{ name: string }>) => layers.map((l) => l.name).sort();
const paramsOf = (layers: readonly IRLayer[]) =>
  layers.reduce((n, l) => n + l.params.trainable + l.params.nonTrainable, 0);

interface Build {
  label: string;
  options: BuildOptions;
  /** The IR layers this build must contain. */
  layers: (ir: IRModel) => IRLayer[];
  /** Its output layers, in order. */
  outputs: (ir: IRModel) => string[];
}

const BUILDS: Build[] = [
  {
    label: 'default',
    options: {},
    layers: (ir) => sections(ir, ['input', 'stem', 'body', 'head']),
    outputs: (ir) => [ir.outputs.main],
  },
  {
    label: 'aux: true',
    options: { aux: true },
    layers: (ir) => ir.layers,
    outputs: (ir) => [ir.outputs.main, ...ir.outputs.aux.map((a) => a.output)],
  },
  {
    label: 'includeTop: false',
    options: { includeTop: false },
    layers: (ir) => sections(ir, ['input', 'stem', 'body']),
    outputs: (ir) => [ir.outputs.features],
  },
  {
    label: 'includeTop: false, aux: true',
    options: { includeTop: false, aux: true },
    layers: (ir) => sections(ir, ['input', 'stem', 'body', 'aux']),
    outputs: (ir) => [ir.outputs.features, ...ir.outputs.aux.map((a) => a.output)],
  },
];

describe('build/buildModel', () => {
  before(async () => {
    expect((await selectBackend('wasm')).ok).to.equal(true);
  });

  for (const [specName, lowerSpec] of SPECS) {
    describe(specName, () => {
      let ir: IRModel;
      const models = new Map<string, LayersModel>();

      before(() => {
        ir = lowerSpec();
        for (const b of BUILDS) models.set(b.label, buildModel(ir, b.options));
      });
      after(() => {
        for (const m of models.values()) m.dispose();
        models.clear();
      });

      it('counts the IR inference totals (countParams, trainable, non-trainable)', () => {
        const m = models.get('default')!;
        const want = ir.totals.inference.params;
        expect([m.countParams(), weightCount(m.trainableWeights), weightCount(m.nonTrainableWeights)]).to.deep.equal([
          want.total,
          want.trainable,
          want.nonTrainable,
        ]);
      });

      it('counts the IR with-aux totals when built with aux', () => {
        const m = models.get('aux: true')!;
        const want = ir.totals.withAux.params;
        expect([m.countParams(), weightCount(m.trainableWeights), weightCount(m.nonTrainableWeights)]).to.deep.equal([
          want.total,
          want.trainable,
          want.nonTrainable,
        ]);
      });

      it('counts only the stem and body without the top', () => {
        expect(models.get('includeTop: false')!.countParams()).to.equal(
          paramsOf(sections(ir, ['input', 'stem', 'body'])),
        );
      });

      for (const b of BUILDS) {
        describe(`built with ${b.label}`, () => {
          it('has exactly the IR layers it needs, under their IR names', () => {
            expect(names(models.get(b.label)!.layers)).to.deep.equal(names(b.layers(ir)));
          });

          it('ends at the IR outputs, in order, with their IR shapes', () => {
            const m = models.get(b.label)!;
            const want = b.outputs(ir);
            expect(m.outputLayers.map((l) => l.name)).to.deep.equal(want);
            const shapeOf = new Map(ir.layers.map((l) => [l.name, l.shape]));
            expect(m.outputs.map((o) => o.shape)).to.deep.equal(want.map((n) => shapeOf.get(n)));
          });

          it('gives every layer its IR output shape', () => {
            const m = models.get(b.label)!;
            const got = b.layers(ir).map((l) => [l.name, (m.getLayer(l.name).output as SymbolicTensor).shape]);
            expect(got).to.deep.equal(b.layers(ir).map((l) => [l.name, l.shape]));
          });
        });
      }

      it('makes each IR layer the tfjs layer for its op, with its attrs, fed by its IR inputs in order', () => {
        const m = models.get('aux: true')!;
        const problems: string[] = [];
        for (const l of ir.layers) {
          const layer = m.getLayer(l.name);
          if (layer.getClassName() !== TF_CLASS[l.op]) problems.push(`${l.name}: ${layer.getClassName()} for ${l.op}`);
          const config = layer.getConfig();
          for (const [key, value] of Object.entries(expectedConfig(l))) {
            if (JSON.stringify(config[key]) !== JSON.stringify(value))
              problems.push(`${l.name}.${key}: ${JSON.stringify(config[key])}, IR ${JSON.stringify(value)}`);
          }
          const inbound = layer.inboundNodes[0]?.inboundLayers.map((x) => x.name) ?? [];
          if (JSON.stringify(inbound) !== JSON.stringify(l.inputs))
            problems.push(`${l.name}: fed by [${inbound.join(', ')}], IR [${l.inputs.join(', ')}]`);
        }
        expect(problems).to.deep.equal([]);
      });
    });
  }

  it('has no aux layer or output unless asked, and adds them all when asked', () => {
    const ir = compileOk(ALL_OPS);
    const plain = buildModel(ir);
    const withAux = buildModel(ir, { aux: true });
    try {
      const auxLayers = names(sections(ir, ['aux']));
      expect(auxLayers, 'the fixture has aux layers').to.not.be.empty;
      expect(plain.outputs).to.have.length(1);
      expect(names(plain.layers).filter((n) => auxLayers.includes(n))).to.deep.equal([]);
      expect(withAux.outputs).to.have.length(3);
      expect(names(withAux.layers).filter((n) => auxLayers.includes(n))).to.deep.equal(auxLayers);
    } finally {
      plain.dispose();
      withAux.dispose();
    }
  });

  describe('accepts every activation the IR allows', () => {
    for (const act of ACTIVATIONS) {
      it(act, () => {
        const ir = compileOk(`model Act {\n  input 3x3x2\n  stem { act ${act} }\n}\n`);
        const model = buildModel(ir);
        try {
          const layer = ir.layers.find((l) => l.op === 'activation')!;
          expect(model.getLayer(layer.name).getConfig()['activation']).to.equal(tfAct(act));
          const y = tf.tidy(() =>
            Array.from((model.predict(tf.linspace(-2, 2, 18).reshape([1, 3, 3, 2])) as Tensor).dataSync()),
          );
          expect(y.every(Number.isFinite)).to.equal(true);
        } finally {
          model.dispose();
        }
      });
    }
  });

  describe('save / load through a model directory', () => {
    let root: string;
    before(async () => {
      root = await mkdtemp(join(tmpdir(), 'incep-build-'));
    });
    after(async () => {
      await rm(root, { recursive: true, force: true });
    });

    const predictAll = (model: LayersModel, x: Tensor): number[][][] =>
      tf.tidy(() => {
        const ys = model.predict(x);
        return (Array.isArray(ys) ? ys : [ys]).map((y) => y.arraySync() as number[][]);
      });

    const rows: Array<[string, string, string[]]> = [
      [
        'every op: ScaledAdd, LocalResponseNorm, BN, two aux heads',
        ALL_OPS.replace('depth_multiplier=2', 'depth_multiplier=1'),
        ['ScaledAdd', 'LocalResponseNorm'],
      ],
      // tfjs 4.22's SeparableConv.getConfig drops depthMultiplier; without a fix on the save
      // path the reloaded depthwise kernel no longer fits.
      [
        'a separable conv with depth_multiplier 2',
        'model Sep {\n  input 6x6x3\n  stem { sepconv 4 3x3 same depth_multiplier=2; globalavgpool }\n}\n',
        ['SeparableConv2D'],
      ],
    ];
    for (const [what, source, classes] of rows) {
      it(`round-trips ${what} to identical predictions`, async () => {
        const ir = compileOk(source);
        const model = buildModel(ir, { aux: true });
        randomizeBatchNorm(model, 11);
        const other = buildModel(ir, { aux: true });
        const x = tf.randomNormal([3, ...ir.input], 0, 1, 'float32', 5);
        const dir = join(root, ir.name);
        let loaded: LayersModel | undefined;
        try {
          await saveModelDir(model, dir);
          loaded = await loadModelDir(dir);
          expect(loaded.layers.map((l) => l.getClassName())).to.include.members(classes);
          expect(names(loaded.layers)).to.deep.equal(names(model.layers));
          const want = predictAll(model, x);
          expect(want).to.have.length(1 + ir.outputs.aux.length);
          expect(predictAll(loaded, x)).to.deep.equal(want);
          // The comparison has teeth: another initialization predicts differently.
          expect(predictAll(other, x)).to.not.deep.equal(want);
        } finally {
          tf.dispose(x);
          model.dispose();
          other.dispose();
          loaded?.dispose();
        }
      });
    }
  });
});
