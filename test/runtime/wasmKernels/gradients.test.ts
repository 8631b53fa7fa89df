import { expect } from 'chai';

import { tf } from '../../../src/runtime/tf.js';
import type { Tensor, Tensor4D } from '../../../src/runtime/tf.js';
import { expectClose, randomData, runOn, seeded, use } from './support.js';

type Pad = 'same' | 'valid';

interface Case {
  name: string;
  batch: number;
  size: [number, number];
  inC: number;
  kernel: [number, number];
  stride: number;
  pad: Pad;
  /** Output channels of conv2d and separableConv2d's pointwise step. */
  outC: number;
  /** Channel multiplier of depthwiseConv2d and separableConv2d. */
  mult: number;
}

// Fixed geometry per row (the cases the kernels must get right), random sizes within it, so odd
// and even sizes, and so asymmetric 'same' padding, both turn up.
const rand = seeded(20240611);
const pick = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const GEOMETRY: Array<Pick<Case, 'name' | 'kernel' | 'stride' | 'pad' | 'mult'>> = [
  { name: '3x3 /1 same', kernel: [3, 3], stride: 1, pad: 'same', mult: 1 },
  { name: '3x3 /1 valid', kernel: [3, 3], stride: 1, pad: 'valid', mult: 2 },
  { name: '3x3 /2 same', kernel: [3, 3], stride: 2, pad: 'same', mult: 1 },
  { name: '3x3 /2 valid', kernel: [3, 3], stride: 2, pad: 'valid', mult: 3 },
  { name: '1x7 /1 same', kernel: [1, 7], stride: 1, pad: 'same', mult: 2 },
  { name: '7x1 /1 same', kernel: [7, 1], stride: 1, pad: 'same', mult: 1 },
  { name: '1x3 /2 valid', kernel: [1, 3], stride: 2, pad: 'valid', mult: 2 },
  { name: '5x5 /2 same', kernel: [5, 5], stride: 2, pad: 'same', mult: 1 },
  { name: '1x1 /2 valid', kernel: [1, 1], stride: 2, pad: 'valid', mult: 4 },
  { name: '2x2 /2 same', kernel: [2, 2], stride: 2, pad: 'same', mult: 1 },
];
const CASES: Case[] = GEOMETRY.map((g) => ({
  ...g,
  batch: pick(1, 3),
  size: [pick(7, 12), pick(7, 12)],
  inC: pick(1, 5),
  outC: pick(1, 6),
}));

/** The random operands of one case, as data, so both backends get the same numbers. */
function operands(c: Case, seed: number): Record<string, { data: Float32Array; shape: number[] }> {
  const r = seeded(seed);
  const [kh, kw] = c.kernel;
  const shapes: Record<string, number[]> = {
    x: [c.batch, c.size[0], c.size[1], c.inC],
    conv: [kh, kw, c.inC, c.outC],
    depthwise: [kh, kw, c.inC, c.mult],
    pointwise: [1, 1, c.inC * c.mult, c.outC],
  };
  return Object.fromEntries(Object.entries(shapes).map(([k, shape]) => [k, { data: randomData(r, shape), shape }]));
}

/** The gradients of sum(op(x, filters…) · w) for a fixed random w, so dy is not all ones. */
function gradsOf(c: Case, seed: number, which: 'conv2d' | 'depthwiseConv2d' | 'separableConv2d'): () => Tensor[] {
  return () => {
    const o = operands(c, seed);
    const t = (k: string): Tensor4D => tf.tensor4d(o[k]!.data, o[k]!.shape as [number, number, number, number]);
    const s: [number, number] = [c.stride, c.stride];
    const args: Tensor4D[] =
      which === 'conv2d'
        ? [t('x'), t('conv')]
        : which === 'depthwiseConv2d'
          ? [t('x'), t('depthwise')]
          : [t('x'), t('depthwise'), t('pointwise')];
    const f = (...xs: Tensor[]): Tensor => {
      const [x, a, b] = xs as Tensor4D[];
      const y =
        which === 'conv2d'
          ? tf.conv2d(x!, a!, s, c.pad)
          : which === 'depthwiseConv2d'
            ? tf.depthwiseConv2d(x!, a!, s, c.pad)
            : tf.separableConv2d(x!, a!, b!, s, c.pad);
      const w = tf.tensor(randomData(seeded(seed + 1), y.shape), y.shape);
      return tf.sum(tf.mul(y, w));
    };
    return tf.grads(f)(args);
  };
}

describe('runtime/wasmKernels: gradients on wasm equal cpu', () => {
  let previous: string | null | undefined;
  before(() => {
    previous = tf.getBackend();
  });
  after(async () => {
    await tf.setBackend(previous ?? 'cpu');
  });

  for (const which of ['conv2d', 'depthwiseConv2d', 'separableConv2d'] as const) {
    describe(which, () => {
      CASES.forEach((c, i) => {
        const label = `${c.name}, batch ${c.batch}, ${c.size.join('x')}x${c.inC} → ${which === 'conv2d' ? c.outC : `x${c.mult}`}`;
        it(label, async () => {
          const seed = 1000 + i;
          const cpu = await runOn('cpu', gradsOf(c, seed, which));
          const wasm = await runOn('wasm', gradsOf(c, seed, which));
          const names = ['dx', 'dFilter', 'dPointwise'];
          cpu.forEach((expected, k) => expectClose(wasm[k]!, expected, names[k]!));
        });
      });
    });
  }

  // tfjs's gradients refuse dilation > 1, and its cpu depthwise backprops ignore it, so dilation is
  // checked on the kernels directly, against a dilation-1 cpu run with the filter spread out
  // (zeros between taps), which is the same convolution.
  describe('depthwise kernels with dilation 2', () => {
    const DILATED = [
      { batch: 2, size: [9, 8], inC: 3, mult: 2, kernel: [3, 3], pad: 'same' as Pad },
      { batch: 1, size: [11, 9], inC: 2, mult: 1, kernel: [1, 3], pad: 'valid' as Pad },
      { batch: 3, size: [10, 10], inC: 4, mult: 3, kernel: [3, 2], pad: 'same' as Pad },
    ];
    DILATED.forEach((c, i) => {
      it(`${c.kernel.join('x')} ${c.pad}, batch ${c.batch}, x${c.mult}`, async () => {
        const r = seeded(77 + i);
        const [kh, kw] = c.kernel as [number, number];
        const xShape = [c.batch, c.size[0]!, c.size[1]!, c.inC] as [number, number, number, number];
        const fShape = [kh, kw, c.inC, c.mult] as [number, number, number, number];
        const spreadShape = [2 * kh - 1, 2 * kw - 1, c.inC, c.mult] as [number, number, number, number];
        const x = randomData(r, xShape);
        const filter = randomData(r, fShape);
        const outShape = tf.backend_util.computeConv2DInfo(xShape, fShape, 1, 2, c.pad, undefined, true).outShape;
        const dy = randomData(r, outShape);
        const run = (kernel: string, inputs: Record<string, Tensor>, attrs: tf.NamedAttrMap): Tensor =>
          tf.engine().runKernel<Tensor>(kernel, inputs, attrs);

        const wasm = await runOn('wasm', () => [
          run(
            tf.DepthwiseConv2dNativeBackpropFilter,
            { x: tf.tensor(x, xShape), dy: tf.tensor(dy, outShape) },
            { strides: 1, dilations: 2, pad: c.pad, filterShape: fShape },
          ),
          run(
            tf.DepthwiseConv2dNativeBackpropInput,
            { dy: tf.tensor(dy, outShape), filter: tf.tensor(filter, fShape) },
            { strides: 1, dilations: 2, pad: c.pad, inputShape: xShape },
          ),
        ]);
        const cpu = await runOn('cpu', () => {
          const spreadFilter = tf.pad(tf.reshape(tf.tensor(filter, fShape), [kh, 1, kw, 1, c.inC, c.mult]), [
            [0, 0],
            [0, 1],
            [0, 0],
            [0, 1],
            [0, 0],
            [0, 0],
          ]);
          const dense = tf.slice(tf.reshape(spreadFilter, [2 * kh, 2 * kw, c.inC, c.mult]), 0, spreadShape);
          const dSpread = run(
            tf.DepthwiseConv2dNativeBackpropFilter,
            { x: tf.tensor(x, xShape), dy: tf.tensor(dy, outShape) },
            { strides: 1, dilations: 1, pad: c.pad, filterShape: spreadShape },
          );
          return [
            tf.stridedSlice(dSpread, [0, 0, 0, 0], spreadShape, [2, 2, 1, 1]),
            run(
              tf.DepthwiseConv2dNativeBackpropInput,
              { dy: tf.tensor(dy, outShape), filter: dense },
              { strides: 1, dilations: 1, pad: c.pad, inputShape: xShape },
            ),
          ];
        });
        expectClose(wasm[0]!, cpu[0]!, 'dFilter');
        expectClose(wasm[1]!, cpu[1]!, 'dx');
      });
    });
  });

  it('Conv2DBackpropFilter takes NCHW too', async () => {
    const r = seeded(5);
    const x = randomData(r, [2, 3, 8, 7]);
    const filterShape = [3, 3, 3, 4];
    const compute = (): Tensor[] => {
      const xs = tf.tensor(x, [2, 3, 8, 7]);
      const dy = tf.tensor(randomData(seeded(6), [2, 4, 4, 4]), [2, 4, 4, 4]);
      const attrs = { strides: 2, pad: 'same', dataFormat: 'NCHW', filterShape };
      return [tf.engine().runKernel<Tensor>(tf.Conv2DBackpropFilter, { x: xs, dy }, attrs)];
    };
    // cpu's kernel is the reference; it reads NCHW through the same conv info.
    const cpu = await runOn('cpu', compute);
    const wasm = await runOn('wasm', compute);
    expectClose(wasm[0]!, cpu[0]!, 'dFilter');
  });

  it('registers only what wasm lacks, and only once', async () => {
    await use('wasm');
    const { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } =
      await import('../../../src/runtime/wasmKernels/registerWasmTrainingKernels.js');
    expect(registerWasmTrainingKernels()).to.deep.equal([]);
    for (const k of WASM_TRAINING_KERNELS) {
      expect(tf.getKernel(k.kernelName, 'wasm')).to.equal(k);
    }
  });
});
