import { expect } from 'chai';
import { buildModel } from '../../src/backends/tfjs/buildModel.js';
import { compile, compileFile } from '../../src/compile.js';
import type { IRModel } from '../../src/ir/ir.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';
import type { SymbolicTensor } from '../../src/runtime/tf.js';

type Pair = [number, number];

interface Row {
  op: 'conv' | 'sepconv' | 'maxpool' | 'avgpool';
  input: Pair;
  kernel: Pair;
  /** Omitted: the op's default (1 for convolutions, the pool size for pools). */
  stride?: Pair;
  padding: 'same' | 'valid';
  dilation?: Pair;
  /** Extra arguments written after the rest (`depth_multiplier=2`). */
  extra?: string;
  /** Output height x width, worked out by hand — an independent witness besides tfjs. */
  out: Pair;
}

// same: ceil(n / s); valid: floor((n - k_eff) / s) + 1 with k_eff = k + (k - 1)(d - 1).
const ROWS: Row[] = [
  // conv: Inception's own sizes, odd sizes, stride 3, factorized 1x7 / 7x1, dilation.
  { op: 'conv', input: [299, 299], kernel: [3, 3], stride: [2, 2], padding: 'valid', out: [149, 149] },
  { op: 'conv', input: [147, 147], kernel: [3, 3], padding: 'valid', out: [145, 145] },
  { op: 'conv', input: [35, 35], kernel: [3, 3], stride: [2, 2], padding: 'same', out: [18, 18] },
  { op: 'conv', input: [17, 17], kernel: [1, 7], padding: 'same', out: [17, 17] },
  { op: 'conv', input: [17, 17], kernel: [7, 1], padding: 'valid', out: [11, 17] },
  { op: 'conv', input: [17, 17], kernel: [1, 7], padding: 'valid', out: [17, 11] },
  { op: 'conv', input: [8, 8], kernel: [3, 3], stride: [2, 2], padding: 'valid', out: [3, 3] },
  { op: 'conv', input: [33, 31], kernel: [3, 3], stride: [3, 3], padding: 'same', out: [11, 11] },
  { op: 'conv', input: [33, 31], kernel: [3, 3], stride: [3, 3], padding: 'valid', out: [11, 10] },
  { op: 'conv', input: [299, 299], kernel: [5, 5], stride: [3, 3], padding: 'valid', out: [99, 99] },
  { op: 'conv', input: [10, 10], kernel: [4, 4], stride: [4, 4], padding: 'same', out: [3, 3] },
  { op: 'conv', input: [20, 20], kernel: [3, 3], stride: [2, 3], padding: 'valid', out: [9, 6] },
  { op: 'conv', input: [7, 7], kernel: [7, 7], padding: 'valid', out: [1, 1] },
  { op: 'conv', input: [7, 9], kernel: [7, 9], stride: [2, 2], padding: 'valid', out: [1, 1] },
  { op: 'conv', input: [5, 5], kernel: [3, 3], stride: [7, 7], padding: 'same', out: [1, 1] },
  { op: 'conv', input: [5, 5], kernel: [5, 5], padding: 'same', out: [5, 5] },
  { op: 'conv', input: [1, 1], kernel: [1, 1], padding: 'valid', out: [1, 1] },
  { op: 'conv', input: [15, 15], kernel: [3, 3], padding: 'valid', dilation: [2, 2], out: [11, 11] },
  { op: 'conv', input: [15, 13], kernel: [3, 3], padding: 'same', dilation: [3, 3], out: [15, 13] },
  { op: 'conv', input: [16, 16], kernel: [3, 5], padding: 'valid', dilation: [2, 1], out: [12, 12] },
  { op: 'conv', input: [9, 9], kernel: [3, 3], padding: 'valid', dilation: [4, 4], out: [1, 1] },
  // sepconv
  { op: 'sepconv', input: [35, 35], kernel: [3, 3], padding: 'same', out: [35, 35] },
  { op: 'sepconv', input: [19, 23], kernel: [3, 3], stride: [2, 2], padding: 'valid', out: [9, 11] },
  { op: 'sepconv', input: [17, 17], kernel: [7, 1], stride: [2, 2], padding: 'same', out: [9, 9] },
  { op: 'sepconv', input: [12, 12], kernel: [3, 3], padding: 'valid', dilation: [2, 2], out: [8, 8] },
  { op: 'sepconv', input: [5, 5], kernel: [5, 5], padding: 'valid', out: [1, 1] },
  {
    op: 'sepconv',
    input: [9, 9],
    kernel: [3, 3],
    stride: [3, 3],
    padding: 'same',
    extra: 'depth_multiplier=2',
    out: [3, 3],
  },
  { op: 'sepconv', input: [13, 11], kernel: [1, 7], stride: [1, 3], padding: 'valid', out: [13, 2] },
  // maxpool
  { op: 'maxpool', input: [147, 147], kernel: [3, 3], stride: [2, 2], padding: 'valid', out: [73, 73] },
  { op: 'maxpool', input: [35, 35], kernel: [3, 3], stride: [2, 2], padding: 'same', out: [18, 18] },
  { op: 'maxpool', input: [17, 17], kernel: [3, 3], stride: [1, 1], padding: 'same', out: [17, 17] },
  { op: 'maxpool', input: [9, 9], kernel: [3, 3], padding: 'valid', out: [3, 3] },
  { op: 'maxpool', input: [10, 10], kernel: [3, 3], padding: 'valid', out: [3, 3] },
  { op: 'maxpool', input: [11, 13], kernel: [2, 2], padding: 'same', out: [6, 7] },
  { op: 'maxpool', input: [8, 8], kernel: [8, 8], padding: 'valid', out: [1, 1] },
  { op: 'maxpool', input: [9, 9], kernel: [3, 3], stride: [2, 3], padding: 'valid', out: [4, 3] },
  { op: 'maxpool', input: [17, 17], kernel: [5, 5], stride: [3, 3], padding: 'valid', out: [5, 5] },
  { op: 'maxpool', input: [17, 17], kernel: [1, 7], stride: [1, 1], padding: 'valid', out: [17, 11] },
  // avgpool
  { op: 'avgpool', input: [17, 17], kernel: [5, 5], stride: [3, 3], padding: 'valid', out: [5, 5] },
  { op: 'avgpool', input: [35, 35], kernel: [3, 3], stride: [1, 1], padding: 'same', out: [35, 35] },
  { op: 'avgpool', input: [8, 8], kernel: [3, 3], stride: [1, 1], padding: 'same', out: [8, 8] },
  { op: 'avgpool', input: [15, 15], kernel: [2, 2], stride: [2, 2], padding: 'valid', out: [7, 7] },
  { op: 'avgpool', input: [7, 5], kernel: [7, 5], padding: 'valid', out: [1, 1] },
  { op: 'avgpool', input: [13, 13], kernel: [3, 3], stride: [3, 3], padding: 'same', out: [5, 5] },
  { op: 'avgpool', input: [17, 17], kernel: [7, 1], stride: [1, 1], padding: 'same', out: [17, 17] },
  { op: 'avgpool', input: [21, 9], kernel: [3, 3], stride: [3, 2], padding: 'same', out: [7, 5] },
];

const CHANNELS = 3;
const FILTERS = 4;

function statement(row: Row): string {
  const parts: string[] = [row.op];
  if (row.op === 'conv' || row.op === 'sepconv') parts.push(String(FILTERS));
  parts.push(`${row.kernel[0]}x${row.kernel[1]}`);
  // Both spellings of a stride: `/2` when square, `stride=2x3` otherwise.
  if (row.stride)
    parts.push(row.stride[0] === row.stride[1] ? `/${row.stride[0]}` : `stride=${row.stride[0]}x${row.stride[1]}`);
  parts.push(row.padding);
  if (row.dilation) parts.push(`dilation=${row.dilation[0]}x${row.dilation[1]}`);
  if (row.extra) parts.push(row.extra);
  return parts.join(' ');
}

function label(row: Row): string {
  const stride = row.stride ? ` /${row.stride[0] === row.stride[1] ? row.stride[0] : row.stride.join('x')}` : '';
  const dilation = row.dilation ? ` dilation ${row.dilation.join('x')}` : '';
  return `${row.op} ${row.kernel.join('x')}${stride} ${row.padding}${dilation}${row.extra ? ` ${row.extra}` : ''} on ${row.input.join('x')}`;
}

function compileOk(source: string): IRModel {
  const r = compile(source, { filename: 'shapes.incep' });
  expect(r.diagnostics.map((d) => d.message)).to.deep.equal([]);
  return r.ir!;
}

/**
 * [name, IR shape] and [name, tfjs shape] for every IR layer of a model built with its aux heads,
 * so a mismatch names the layer. Building is symbolic: no input data flows.
 */
function irAndTfShapes(ir: IRModel): { ir: Array<[string, unknown]>; tf: Array<[string, unknown]> } {
  const model = buildModel(ir, { aux: true });
  try {
    return {
      ir: ir.layers.map((l) => [l.name, l.shape]),
      tf: ir.layers.map((l) => [l.name, (model.getLayer(l.name).output as SymbolicTensor).shape]),
    };
  } finally {
    model.dispose();
  }
}

describe('lower: inferred shapes equal the shapes tfjs builds', () => {
  before(async () => {
    expect((await selectBackend('wasm')).ok).to.equal(true);
  });

  describe('one op on a small input', () => {
    for (const row of ROWS) {
      it(`${label(row)} → ${row.out.join('x')}`, () => {
        const ir = compileOk(
          `model Shapes {\n  input ${row.input[0]}x${row.input[1]}x${CHANNELS}\n  stem { ${statement(row)} }\n}\n`,
        );
        const layer = ir.layers.find((l) => l.scope.section === 'stem')!;
        const depth = row.op === 'conv' || row.op === 'sepconv' ? FILTERS : CHANNELS;
        expect(layer.shape, 'IR shape vs the hand-worked size').to.deep.equal([null, ...row.out, depth]);
        const shapes = irAndTfShapes(ir);
        expect(shapes.tf, 'tfjs shapes').to.deep.equal(shapes.ir);
      });
    }
  });

  describe('whole networks, every layer', () => {
    const chains: Array<[string, () => IRModel]> = [
      ['Inception v3 at 299x299 (with the aux head)', () => compileFile('specs/inception_v3.incep').ir!],
      [
        'Inception v3 at 331x401 (odd, non-square)',
        () => compileFile('specs/inception_v3.incep', { input: [331, 401, 3] }).ir!,
      ],
      [
        'a residual block, branches, a split, global pools, flatten and an aux head on 37x29',
        () =>
          compileOk(`
model Chain {
  input 37x29x5
  classes 6
  block Res residual(scale=0.17) {
    branch a { conv 12 1x1 same relu }
    branch b { conv 8 1x1 same relu; conv 12 1x7 same relu; conv 12 7x1 same relu }
    project conv in 1x1 linear
  }
  block Reduce {
    branch a { conv 16 3x3 /2 valid }
    branch b { sepconv 8 3x3 same; lrn; maxpool 3x3 /2 valid }
    branch c { avgpool 3x3 stride=2x2 valid }
  }
  stem { conv 24 3x3 /2 same bn relu; maxpool 3x3 /1 same }
  body { Res x 2 as res1; Reduce as red; batchnorm; act elu }
  aux tap at res2 { avgpool 5x5 /3 valid; conv 8 1x1 same; flatten; dense classes softmax }
  head { split { globalavgpool } { globalmaxpool }; dropout 0.2; dense classes softmax }
}
`),
      ],
    ];
    for (const [what, lowerIt] of chains) {
      it(what, () => {
        const ir = lowerIt();
        const shapes = irAndTfShapes(ir);
        expect(shapes.tf).to.deep.equal(shapes.ir);
      });
    }
  });
});
