import { mkdir, rm, writeFile } from 'node:fs/promises';
import { expect } from 'chai';
import { buildModel } from '../../src/backends/tfjs/buildModel.js';
import { compile } from '../../src/compile.js';
import { emitTypeScript } from '../../src/backends/typescript/emitTypeScript.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';
import type { LayersModel } from '../../src/runtime/tf.js';

function spec(op: string, input = '35x35x16'): string {
  return `model F {\n  input ${input}\n  classes 4\n  defaults { conv: nobias bn(scale=false) relu same }\n  body {\n    ${op} as c\n  }\n  head { globalavgpool; dense classes softmax }\n}\n`;
}

describe('lower: factorize', () => {
  const cases: Array<{ op: string; plain: string; kernels: Array<[number, number]>; saving: RegExp }> = [
    {
      op: 'conv 32 5x5 factorize',
      plain: 'conv 32 5x5',
      kernels: [
        [3, 3],
        [3, 3],
      ],
      saving: /5x5 factorized into 2 stacked 3x3/,
    },
    {
      op: 'conv 32 7x7 /2 valid factorize=stacked',
      plain: 'conv 32 7x7 /2 valid',
      kernels: [
        [3, 3],
        [3, 3],
        [3, 3],
      ],
      saving: /7x7 factorized into 3 stacked 3x3/,
    },
    {
      op: 'conv 32 7x7 factorize=asymmetric',
      plain: 'conv 32 7x7',
      kernels: [
        [1, 7],
        [7, 1],
      ],
      saving: /7x7 factorized into 1x7 \+ 7x1/,
    },
    {
      op: 'conv 32 3x3 /2 valid factorize=asymmetric',
      plain: 'conv 32 3x3 /2 valid',
      kernels: [
        [1, 3],
        [3, 1],
      ],
      saving: /3x3 factorized into 1x3 \+ 3x1: .* \(\d+% more\)/,
    },
  ];
  for (const c of cases) {
    it(`${c.op}: the factors, same output shape as '${c.plain}', a note with the MAC saving`, () => {
      const f = compile(spec(c.op));
      const p = compile(spec(c.plain));
      expect(f.ok && p.ok, JSON.stringify(f.diagnostics)).to.equal(true);
      const convs = f.ir!.layers.filter((l) => l.op === 'conv2d');
      expect(convs.map((l) => l.name)).to.deep.equal(c.kernels.map((_, i) => `c_f${i + 1}`));
      expect(convs.map((l) => l.attrs.kernel)).to.deep.equal(c.kernels);
      // Only the last factor strides.
      expect(
        convs
          .map((l) => l.attrs.strides[0])
          .slice(0, -1)
          .every((s) => s === 1),
      ).to.equal(true);
      expect(f.ir!.layers.find((l) => l.name === f.ir!.outputs.features)!.shape).to.deep.equal(
        p.ir!.layers.find((l) => l.name === p.ir!.outputs.features)!.shape,
      );
      const note = f.diagnostics.find((d) => d.code === 'N0501')!;
      expect(note.severity).to.equal('note');
      expect(note.message).to.match(c.saving);
      const macs = convs.reduce((s, l) => s + l.macs, 0);
      const whole = p.ir!.layers.find((l) => l.op === 'conv2d')!.macs;
      expect(note.message).to.include(
        `${macs.toLocaleString('en-US')} MACs instead of ${whole.toLocaleString('en-US')}`,
      );
    });
  }

  it('refuses factorize in defaults: it would hit every conv', () => {
    const r = compile('model M { input 8x8x3; defaults { conv: factorize }; stem { conv 8 5x5 same } }');
    expect(r.ok).to.equal(false);
    expect(r.diagnostics.map((d) => d.message)).to.deep.equal(['`factorize` is set per conv, not in defaults']);
  });

  const errors: Array<[string, RegExp]> = [
    ['conv 32 5x3 factorize', /takes a square kernel, found 5x3/],
    ['conv 32 4x4 factorize', /needs an odd kernel of 5 or more, found 4x4/],
    ['conv 32 3x3 factorize', /needs an odd kernel of 5 or more, found 3x3/],
    ['sepconv 32 5x5 factorize', /applies to conv only/],
    ['conv 32 5x5 dilation=2 factorize', /needs dilation 1/],
    ['conv 32 5x5 factorize=3', /'factorize' of 'conv' expects stacked or asymmetric, found 3/],
    ['conv 32 5x5 factorize=diagonal', /unknown name 'diagonal'/],
  ];
  for (const [op, message] of errors) {
    it(`refuses '${op}'`, () => {
      const r = compile(spec(op));
      expect(r.ok).to.equal(false);
      expect(r.diagnostics.map((d) => d.message).join('\n')).to.match(message);
    });
  }

  describe('builds and emits alike', function () {
    this.timeout(60_000);
    const dir = new URL('../.tmp/', import.meta.url);
    before(async () => {
      expect((await selectBackend('wasm')).ok).to.equal(true);
      await mkdir(dir, { recursive: true });
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it('tfjs shapes equal the IR, and the emitted module equals buildModel', async () => {
      const source = `model Fact {\n  input 33x33x8\n  classes 5\n  defaults { conv: nobias bn(scale=false) relu same }\n  block A(c) {\n    branch x5 { conv c 1x1; conv 32 5x5 /2 factorize }\n    branch x7 { conv 16 7x7 /2 factorize=asymmetric }\n    branch pool { maxpool 3x3 /2 same }\n  }\n  body { A(12) x 2 as a1 }\n  head { globalavgpool; dense classes softmax }\n}\n`;
      const r = compile(source, { filename: 'fact.incep' });
      expect(r.ok, JSON.stringify(r.diagnostics)).to.equal(true);
      const built = buildModel(r.ir!);
      for (const l of r.ir!.layers)
        if (l.op !== 'input') expect(built.getLayer(l.name).outputShape, l.name).to.deep.equal(l.shape);
      const emitted = emitTypeScript(r);
      await writeFile(new URL('fact.ts', dir), emitted.code);
      const mod = (await import(new URL('fact.ts', dir).href)) as { createFact: () => LayersModel };
      const made = mod.createFact();
      expect(made.layers.map((l) => `${l.name} ${JSON.stringify(l.outputShape)}`)).to.deep.equal(
        built.layers.map((l) => `${l.name} ${JSON.stringify(l.outputShape)}`),
      );
      expect(made.countParams()).to.equal(built.countParams());
    });
  });
});
