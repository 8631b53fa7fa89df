import type { OnnxContext, OnnxWeight } from '../onnx/OnnxContext.js';
import { onnxPads } from './onnxPads.js';
import type { Pair, Padding } from './types.js';

/** One ONNX Conv: its input, its tfjs kernel and bias, its window and its group count. */
export interface OnnxConvSpec {
  x: string;
  /** The input's height and width (for `same` pads). */
  size: Pair;
  /** tfjs layout `[kh, kw, in / group, out]`; a depthwise kernel `[kh, kw, in, m]` is passed as `[kh, kw, 1, in·m]`. */
  kernel: Float32Array;
  kernelShape: readonly [number, number, number, number];
  bias: OnnxWeight | undefined;
  strides: Pair;
  dilation: Pair;
  padding: Padding;
  group: number;
  /** Names the weight initializers (`kernel`, `depthwise`, `pointwise`). */
  suffix: string;
}

/** Adds a Conv node with the kernel moved to ONNX's `[out, in / group, kh, kw]`; returns its output. */
export function onnxConv(cx: OnnxContext, c: OnnxConvSpec): string {
  const [kh, kw, i, o] = c.kernelShape;
  const w = cx.floats(c.suffix, nchwKernel(c.kernel, c.kernelShape), [o, i, kh, kw]);
  const inputs = [c.x, w];
  if (c.bias) inputs.push(cx.floats(`${c.suffix}_bias`, c.bias.values, c.bias.shape));
  return cx.node('Conv', inputs, {
    kernel_shape: { ints: [kh, kw] },
    strides: { ints: c.strides },
    dilations: { ints: c.dilation },
    pads: { ints: onnxPads(c.size, [kh, kw], c.strides, c.padding, c.dilation) },
    group: { int: c.group },
  });
}

/**
 * A tfjs kernel `[kh, kw, i, o]` as ONNX's `[o, i, kh, kw]`. With `i = 1` and `o = in·m` this is
 * also a depthwise kernel `[kh, kw, in, m]`: tfjs's output channel `c·m + j` is entry `[…, c, j]`,
 * which in memory is the flat index `c·m + j` of the last two axes, so the same move applies.
 */
export function nchwKernel(kernel: Float32Array, shape: readonly [number, number, number, number]): Float32Array {
  const [kh, kw, ci, co] = shape;
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) out[((o * ci + i) * kh + y) * kw + x] = kernel[((y * kw + x) * ci + i) * co + o]!;
  return out;
}
