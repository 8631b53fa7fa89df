import { mkdir, rm, writeFile } from 'node:fs/promises';
import { expect } from 'chai';
import { buildModel } from '../../../src/backends/tfjs/buildModel.js';
import { compile } from '../../../src/compile.js';
import { emitTypeScript } from '../../../src/backends/typescript/emitTypeScript.js';
import { selectBackend } from '../../../src/runtime/selectBackend.js';
import type { LayersModel } from '../../../src/runtime/tf.js';
import { typeCheckFiles } from '../../support/typeCheckFiles.js';

type Create = (options?: { aux?: boolean; inputShape?: [number, number, number]; width?: number }) => LayersModel;

// Specs that once emitted modules which failed to type-check, crashed, or built another model.
const CASES: Array<{ name: string; source: string; aux?: boolean; width?: number }> = [
  {
    name: 'an unnamed instance and no aux head',
    source: 'block A(p) { conv p 1x1 }\nmodel M { input 16x16x3; body { A(8) } }',
  },
  {
    name: 'a repeated block inside a block',
    source:
      'block Inner { conv 4 1x1 }\nblock O { branch { Inner x 2 } branch { conv 4 1x1 } }\nmodel M { input 8x8x3; body { O } }',
  },
  {
    name: '`in` in block arguments inside a top-level split',
    source:
      'block A(c) { conv c 1x1 }\nmodel M { input 8x8x3; stem { split { conv 16 1x1; A(in) as a } { conv 8 1x1 } } }',
  },
  {
    name: 'a padding held by a parameter',
    source: 'block A(pad=valid) { conv 8 3x3 padding=pad }\nmodel M { input 9x9x3; body { A; A(pad=same) } }',
  },
  {
    name: 'sizes held by parameters',
    source:
      'block A(k, s) { conv 8 kernel=k stride=s same; maxpool pool=k same }\nmodel M { input 17x17x3; body { A(3, 2) } }',
  },
  {
    name: 'a network that works only at odd sizes',
    source:
      'block R { branch { conv 8 3x3 /2 valid } branch { conv 8 2x2 /2 valid } }\nmodel M { input 225x225x3; body { R } }',
  },
  {
    name: 'filters from `in` through a parameter, at half width',
    source:
      'block R(w=in) residual(scale=0.2) { branch { conv 32 1x1 }; project conv w 1x1 linear }\nblock S(c) residual(scale=0.2) { branch { conv 32 1x1 }; project conv c 1x1 linear }\nmodel M { input 16x16x64; body { R; S(in) } }',
    width: 0.5,
  },
  // Once refused by the TypeScript emitter (E0702–E0704): the module IR expresses each of them.
  {
    name: 'an aux head on an unnamed instance',
    source: 'block A { conv 4 1x1 }\nmodel M { input 16x16x3; body { A }; aux h at a_1 { globalavgpool; dense 2 } }',
    aux: true,
  },
  {
    name: 'a parameter from `in` at one call only',
    source: 'block S(c) { conv c 1x1 }\nmodel M { input 16x16x64; body { S(in); S(64); S(in) } }',
    width: 0.5,
  },
  {
    name: 'factorize from a parameter',
    source:
      'block A(f=asymmetric, k=5) { conv 8 kernel=k same factorize=f }\nmodel M { input 16x16x3; body { A; A(stacked, 7) } }',
  },
  {
    name: 'a repeat count from a parameter',
    source:
      'block R(n) { conv 4 1x1 x n; conv 8 1x1 }\nblock O(n) { R(n) x n as r1 }\nmodel M { input 8x8x3; body { O(2); O(3) } }',
  },
  {
    name: 'a parameter named like the loop counter',
    source:
      'block Inner(c) { conv c 1x1 }\nblock Outer(i) { Inner(i + 8) x 2 }\nmodel M { input 8x8x3; body { Outer(16) } }',
  },
  {
    name: 'an aux head on a nested instance and on a layer',
    source:
      'block In { conv 4 1x1 }\nblock Out { In as inner }\nmodel M { input 16x16x3; body { Out as o; conv 8 1x1 bn relu }; aux h at o_inner { globalavgpool; dense 2 }; aux g at body_conv1_bn { globalavgpool; dense 3 } }',
    aux: true,
  },
  {
    name: 'a Squeeze-and-Excitation block from specs/lib (multiply)',
    source:
      'import "specs/lib/squeeze_excite.incep"\nmodel M { input 16x16x32; stem { conv 32 3x3 same }; body { SqueezeExcite(ratio=4) as se; SqueezeExcite }; head { globalavgpool; dense 3 softmax } }',
    width: 0.5,
  },
  {
    name: 'bare parameters holding words (a graph per kind)',
    source:
      'block A(a=relu, p=valid) { conv 8 3x3 a p; maxpool 2x2 p }\nmodel M { input 16x16x3; body { A(p=same); A(linear, valid); A(same, same) } }',
  },
  {
    name: 'names that collide at module level',
    source:
      'block M { conv 4 1x1 }\nblock auxH { conv 4 1x1 }\nmodel M { input 32x32x3; body { M as m1; auxH as a1 }; aux h at m1 { globalavgpool; dense 2 }; aux H at a1 { globalavgpool; dense 2 } }',
    aux: true,
  },
  // Names the emitted module uses for itself, taken by the spec.
  ...['features', 'outputs', 'height', 'width', 'depth', 'widthMultiplier', 'options', 'tf', 'T', 'layers'].map(
    (name) => ({
      name: `a block named ${name}`,
      source: `block ${name}(n) { branch { conv n 1x1 } branch { conv n 3x3 same } }\nmodel M { input 16x16x3; body { ${name}(8) as b1; ${name}(4) } }`,
    }),
  ),
  {
    name: 'a block parameter named like a block',
    source:
      'block Inner(n) { conv n 1x1 }\nblock Outer(Inner) { Inner(Inner); conv Inner 1x1 }\nmodel M { input 16x16x3; body { Outer(8) } }',
  },
  {
    name: 'a branch label equal to a block name',
    source:
      'block Inner(n) { conv n 1x1 }\nblock Outer(n) { branch Inner { Inner(n) } branch b { conv n 3x3 same } }\nmodel M { input 16x16x3; body { Outer(8) } }',
  },
];

describe('emit: cases that must type-check and build the same model', function () {
  this.timeout(120_000);
  const dir = new URL('../../.tmp/cases/', import.meta.url);
  const files: string[] = [];
  before(async () => {
    expect((await selectBackend('wasm')).ok).to.equal(true);
    await mkdir(dir, { recursive: true });
    for (const [i, c] of CASES.entries()) {
      const r = compile(c.source, { filename: `case${i}.incep` });
      expect(r.ok, `${c.name}: ${JSON.stringify(r.diagnostics)}`).to.equal(true);
      const e = emitTypeScript(r);
      const file = new URL(`case${i}.ts`, dir);
      await writeFile(file, e.code);
      files.push(file.pathname);
    }
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('type-checks under the project tsconfig (strict, noUnused…)', () => {
    const errors = typeCheckFiles(files);
    expect(errors).to.deep.equal([]);
  });

  for (const [i, c] of CASES.entries()) {
    it(`${c.name}: the module builds the compiled model`, async () => {
      const r = compile(c.source, { filename: `case${i}.incep`, ...(c.width ? { width: c.width } : {}) });
      expect(r.ok, JSON.stringify(r.diagnostics)).to.equal(true);
      const mod = (await import(new URL(`case${i}.ts`, dir).href)) as Record<string, unknown>;
      const create = Object.entries(mod).find(([k]) => k.startsWith('create'))![1] as Create;
      for (const aux of c.aux ? [false, true] : [false]) {
        const expected = buildModel(r.ir!, { aux });
        const actual = create({ aux, ...(c.width ? { width: c.width } : {}) });
        expect(actual.layers.map((l) => `${l.name} ${JSON.stringify(l.outputShape)}`)).to.deep.equal(
          expected.layers.map((l) => `${l.name} ${JSON.stringify(l.outputShape)}`),
        );
        expect(actual.countParams()).to.equal(expected.countParams());
      }
    });
  }
});
