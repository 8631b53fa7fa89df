import { expect } from 'chai';
import { convOutputLength } from '../../src/ops/convOutputLength.js';
import { nchwKernel } from '../../src/ops/onnxConv.js';
import { onnxPads } from '../../src/ops/onnxPads.js';
import type { Pair, Padding } from '../../src/ops/types.js';

interface PadCase {
  size: Pair;
  kernel: Pair;
  strides: Pair;
  padding: Padding;
  dilation?: Pair;
  /** [top, left, bottom, right] */
  pads: number[];
}

// TensorFlow's rule: total = max((ceil(n/s) − 1)·s + (k − 1)·d + 1 − n, 0), the odd one at the end.
const PADS: PadCase[] = [
  { size: [8, 8], kernel: [3, 3], strides: [1, 1], padding: 'same', pads: [1, 1, 1, 1] },
  { size: [8, 8], kernel: [3, 3], strides: [2, 2], padding: 'same', pads: [0, 0, 1, 1] },
  { size: [15, 15], kernel: [3, 3], strides: [2, 2], padding: 'same', pads: [1, 1, 1, 1] },
  { size: [8, 8], kernel: [1, 7], strides: [1, 1], padding: 'same', pads: [0, 3, 0, 3] },
  { size: [8, 8], kernel: [2, 2], strides: [1, 1], padding: 'same', pads: [0, 0, 1, 1] },
  { size: [8, 8], kernel: [3, 3], strides: [1, 1], padding: 'same', dilation: [2, 2], pads: [2, 2, 2, 2] },
  { size: [9, 9], kernel: [3, 3], strides: [3, 3], padding: 'same', pads: [0, 0, 0, 0] },
  { size: [8, 8], kernel: [3, 3], strides: [2, 2], padding: 'valid', pads: [0, 0, 0, 0] },
];

describe('ops/onnxPads', () => {
  for (const c of PADS) {
    const name = `${c.size.join('x')} ${c.kernel.join('x')} /${c.strides[0]} ${c.padding}${c.dilation ? ` dilation ${c.dilation[0]}` : ''}`;
    it(`${name} → [${c.pads.join(', ')}], the output size tfjs gives`, () => {
      const pads = onnxPads(c.size, c.kernel, c.strides, c.padding, c.dilation);
      expect(pads).to.deep.equal(c.pads);
      [0, 1].forEach((i) => {
        const d = c.dilation?.[i] ?? 1;
        const effective = (c.kernel[i]! - 1) * d + 1;
        const onnx = Math.floor((c.size[i]! + pads[i]! + pads[i + 2]! - effective) / c.strides[i]!) + 1;
        expect(onnx).to.equal(convOutputLength(c.size[i]!, c.kernel[i]!, c.padding, c.strides[i]!, d));
      });
    });
  }
});

describe('ops/onnxConv: nchwKernel', () => {
  it('moves [kh, kw, in, out] to [out, in, kh, kw]', () => {
    const [kh, kw, ci, co] = [2, 3, 4, 5];
    const at = (y: number, x: number, i: number, o: number) => ((y * kw + x) * ci + i) * co + o;
    const kernel = Float32Array.from({ length: kh * kw * ci * co }, (_, n) => n);
    const out = nchwKernel(kernel, [kh, kw, ci, co]);
    for (let o = 0; o < co; o++)
      for (let i = 0; i < ci; i++)
        for (let y = 0; y < kh; y++)
          for (let x = 0; x < kw; x++) expect(out[((o * ci + i) * kh + y) * kw + x]).to.equal(at(y, x, i, o));
  });

  it("gives a depthwise kernel [kh, kw, c, m] passed as [kh, kw, 1, c·m] tfjs's channel order c·m + j", () => {
    const [kh, kw, c, m] = [3, 3, 2, 2];
    const kernel = Float32Array.from({ length: kh * kw * c * m }, (_, n) => n);
    const out = nchwKernel(kernel, [kh, kw, 1, c * m]);
    for (let ch = 0; ch < c; ch++)
      for (let j = 0; j < m; j++)
        for (let y = 0; y < kh; y++)
          for (let x = 0; x < kw; x++)
            expect(out[((ch * m + j) * kh + y) * kw + x]).to.equal(kernel[((y * kw + x) * c + ch) * m + j]);
  });
});
