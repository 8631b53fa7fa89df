import type { Pair, Padding } from './types.js';

/**
 * ONNX `pads` ([top, left, bottom, right]) equal to TensorFlow's padding of a window over an
 * `[h, w]` input: `valid` pads nothing; `same` pads max((ceil(n/s) − 1)·s + (k − 1)·d + 1 − n, 0)
 * per axis, the odd one at the end (TensorFlow's rule, which ONNX's SAME_UPPER also follows, but
 * explicit pads keep the graph independent of the runtime's reading of auto_pad).
 */
export function onnxPads(size: Pair, kernel: Pair, strides: Pair, padding: Padding, dilation: Pair = [1, 1]): number[] {
  if (padding === 'valid') return [0, 0, 0, 0];
  const total = [0, 1].map((i) => {
    const n = size[i]!;
    const s = strides[i]!;
    const out = Math.ceil(n / s);
    return Math.max((out - 1) * s + (kernel[i]! - 1) * dilation[i]! + 1 - n, 0);
  });
  const before = total.map((t) => Math.floor(t / 2));
  return [before[0]!, before[1]!, total[0]! - before[0]!, total[1]! - before[1]!];
}
