import { readdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { expect } from 'chai';
import { buildModel } from '../../../src/backends/tfjs/buildModel.js';
import { compile, compileFile } from '../../../src/compile.js';
import { emitTypeScript, GENERATED_MARKER } from '../../../src/backends/typescript/emitTypeScript.js';
import { selectBackend } from '../../../src/runtime/selectBackend.js';
import { tf, type LayersModel, type Tensor } from '../../../src/runtime/tf.js';
import { codeTokens, parseErrors } from '../../support/tsTokens.js';
import { randomizeBatchNorm } from '../../support/weights.js';

type Create = (options?: {
  classes?: number;
  inputShape?: [number, number, number];
  includeTop?: boolean;
  aux?: boolean;
  width?: number;
}) => LayersModel;

const SPECS = readdirSync(new URL('../../../specs/', import.meta.url))
  .filter((f) => f.endsWith('.incep'))
  .map((f) => f.replace(/\.incep$/, ''));

async function load(spec: string): Promise<Create> {
  const mod = (await import(`../../../compiled/${spec}.js`)) as Record<string, unknown>;
  const create = Object.entries(mod).find(([k, v]) => k.startsWith('create') && typeof v === 'function');
  if (!create) throw new Error(`compiled/${spec}.ts exports no create function`);
  return create[1] as Create;
}

function structure(model: LayersModel): string[] {
  return model.layers.map(
    (l) =>
      `${l.name} ${l.getClassName()} ${JSON.stringify(l.outputShape)} ${JSON.stringify({ ...l.getConfig(), name: undefined })}`,
  );
}

describe('emit/emitTypeScript', function () {
  this.timeout(600_000);
  before(async () => {
    const r = await selectBackend('wasm');
    expect(r.ok, JSON.stringify(r)).to.equal(true);
  });

  describe('the module is the model', () => {
    const cases: Array<{
      label: string;
      options: Parameters<Create>[0] & object;
      build: { aux?: boolean; includeTop?: boolean };
    }> = [
      { label: 'defaults', options: {}, build: {} },
      { label: 'classes 10 at 139x139', options: { classes: 10, inputShape: [139, 139, 3] }, build: {} },
      { label: 'no top', options: { includeTop: false, inputShape: [107, 107, 3] }, build: { includeTop: false } },
      { label: 'aux', options: { aux: true }, build: { aux: true } },
      { label: 'width 0.5', options: { width: 0.5, inputShape: [107, 131, 3] }, build: {} },
    ];
    for (const spec of SPECS) {
      for (const c of cases) {
        it(`${spec}: ${c.label} — same layers, configs, shapes and parameter count as buildModel`, async () => {
          const create = await load(spec);
          const o = c.options;
          const r = compileFile(`specs/${spec}.incep`, {
            ...(o.classes ? { classes: o.classes } : {}),
            ...(o.inputShape ? { input: o.inputShape } : {}),
            ...(o.width ? { width: o.width } : {}),
          });
          expect(r.ok).to.equal(true);
          const expected = buildModel(r.ir!, c.build);
          const actual = create(o);
          expect(structure(actual)).to.deep.equal(structure(expected));
          expect(actual.countParams()).to.equal(expected.countParams());
          expect(actual.outputs.map((t) => t.shape)).to.deep.equal(expected.outputs.map((t) => t.shape));
          expected.dispose();
          actual.dispose();
        });
      }
    }
  });

  for (const spec of ['inception_v1', 'inception_resnet_v2']) {
    it(`${spec}: equal outputs given equal weights`, async () => {
      const create = await load(spec);
      const r = compileFile(`specs/${spec}.incep`, { input: [96, 96, 3], classes: 7, width: 0.25 });
      const expected = buildModel(r.ir!);
      const actual = create({ inputShape: [96, 96, 3], classes: 7, width: 0.25 });
      // Glorot kernels from the build, plus random BN statistics so normalization matters.
      randomizeBatchNorm(expected, 7);
      for (const layer of expected.layers) actual.getLayer(layer.name).setWeights(layer.getWeights());
      const x = tf.randomNormal([2, 96, 96, 3]);
      const a = expected.predict(x) as Tensor;
      const b = actual.predict(x) as Tensor;
      const diff = (await tf.max(tf.abs(tf.sub(a, b))).data())[0]!;
      expect(diff).to.be.below(1e-6);
      // The two images must classify differently — by far more than the tolerance — or equal
      // outputs would prove little.
      const rows = (await a.array()) as number[][];
      expect(Math.max(...rows[0]!.map((v, i) => Math.abs(v - rows[1]![i]!)))).to.be.above(1e-5);
      tf.dispose([x, a, b]);
    });
  }

  it('names like lowering: `as` inside blocks, repeated named ops, an aux head on a named op', async () => {
    const source = `block P(c) {\n  branch a { conv c 1x1 as proj }\n  branch b { conv 4 3x3 same; split { conv 2 1x1 } { conv 2 1x1 } as both }\n}\nblock Q { conv 4 1x1 x 2 as q1; P(3) }\nmodel M {\n  input 16x16x3\n  stem { conv 8 3x3 same x 2 as s1; conv 8 1x1 bn relu as tap }\n  body { P(5) x 2 as p1; Q; Q }\n  aux side at tap { globalavgpool; dense classes }\n  head { globalavgpool as gap; dense classes softmax }\n}\n`;
    const r = compile(source, { filename: 'names.incep' });
    expect(r.ok, JSON.stringify(r.diagnostics)).to.equal(true);
    const e = emitTypeScript(r);
    const dir = new URL('../../.tmp/', import.meta.url);
    await mkdir(dir, { recursive: true });
    const file = new URL('names.ts', dir);
    await writeFile(file, e.code);
    const { createM } = (await import(file.href)) as { createM: Create };
    for (const aux of [false, true]) {
      const expected = buildModel(r.ir!, { aux });
      const actual = createM({ aux });
      expect(structure(actual)).to.deep.equal(structure(expected));
    }
    await rm(file);
  });

  it('throws a clear error for an input below the minimum', async () => {
    const create = await load('inception_v3');
    expect(() => create({ inputShape: [74, 74, 3] })).to.throw(
      'InceptionV3 needs an input of at least 75x75, got 74x74',
    );
  });

  it('refuses aux heads at an input too small for them, with the reason, instead of dropping them', async () => {
    const create = await load('inception_v3');
    expect(() => create({ aux: true, inputShape: [139, 139, 3] })).to.throw(
      'the aux heads of InceptionV3 need an input of at least 299x299, got 139x139',
    );
  });

  const pooling: Array<['avg' | 'max', string]> = [
    ['avg', 'GlobalAveragePooling2D'],
    ['max', 'GlobalMaxPooling2D'],
  ];
  for (const [mode, layer] of pooling) {
    it(`pools the features to a vector with includeTop false and pooling '${mode}' (Keras's option)`, async () => {
      const create = (await load('inception_v3')) as (o: object) => LayersModel;
      const model = create({ includeTop: false, pooling: mode, inputShape: [75, 75, 3], width: 0.25 });
      const last = model.layers[model.layers.length - 1]!;
      expect([last.name, last.getClassName()]).to.deep.equal([`${mode}_pool`, layer]);
      expect(model.outputs[0]!.shape).to.deep.equal([null, 512]);
      model.dispose();
    });
  }

  describe('hostile spec text stays inert', () => {
    const hostile = [
      '*/ process.exit(1) /*',
      '${process.exit(1)}',
      '`; process.exit(1); `',
      'a\u2028process.exit(1)',
      'b\u2029process.exit(1)',
      '"; process.exit(1); "',
    ];
    const source = [
      ...hostile.map((h) => `# ${h}`),
      'model Evil {',
      `  input 32x32x3  # ${hostile[0]}`,
      `  block B(k) {  # ${hostile[1]}`,
      `    # ${hostile[2]}`,
      '    branch class { conv k 1x1 }',
      `    branch function { conv 8 3x3 same }  # ${hostile[3]}`,
      '  }',
      `  body { B(4) as tf; B(8) x 2 as ctx }  # ${hostile[4]}`,
      `  head { globalavgpool; dense classes softmax }  # ${hostile[5]}`,
      '}',
    ].join('\n');
    const fileNames = ['evil.incep', 'ev*/il`${x}`\u2028.incep'];
    for (const filename of fileNames) {
      it(`emits parseable code whose tokens hold none of it (file ${JSON.stringify(filename)})`, () => {
        const r = compile(source, { filename });
        expect(r.ok, JSON.stringify(r.diagnostics)).to.equal(true);
        const e = emitTypeScript(r);
        expect(e.code.startsWith(GENERATED_MARKER)).to.equal(true);
        expect(parseErrors(e.code)).to.deep.equal([]);
        const tokens = codeTokens(e.code);
        expect(tokens.filter((t) => t.includes('process'))).to.deep.equal([]);
        expect(tokens).to.include('class_');
        expect(tokens).to.include('function_');
      });
    }
  });
});
