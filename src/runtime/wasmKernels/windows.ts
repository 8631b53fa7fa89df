import { tf } from '../tf.js';
import type { Tensor, Tensor4D } from '../tf.js';

/** The geometry the three kernels share: `tf.backend_util.computeConv2DInfo`'s result. */
export type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/**
 * Pads an NHWC input so that every filter tap's window (see {@link tapWindow}) lies inside it:
 * the forward pass's top/left padding, and at the bottom/right just enough for the last output
 * row and column (the forward pass's own bottom/right padding can be one short of that or more
 * than needed; rows past the last window are never read, so they are simply not added).
 */
export function padForTaps(x: Tensor4D, info: ConvInfo): Tensor4D {
  const { top, left } = info.padInfo;
  const bottom = Math.max(0, spanOf(info.outHeight, info.strideHeight, info.effectiveFilterHeight) - top - x.shape[1]);
  const right = Math.max(0, spanOf(info.outWidth, info.strideWidth, info.effectiveFilterWidth) - left - x.shape[2]);
  if (top === 0 && left === 0 && bottom === 0 && right === 0) return x;
  return tf.pad(x, [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ]);
}

/**
 * The input pixels that filter tap (`row`, `col`) meets, one per output position (`padded`
 * itself when the tap meets all of it — callers must not dispose it then):
 * `padded[:, row·dh + oy·sh, col·dw + ox·sw, :]` for every output (oy, ox), shape
 * `[N, outHeight, outWidth, C]`. The forward conv is the sum over taps of these times the tap's
 * weights, which is why each gradient below is a sum or a product over taps.
 */
export function tapWindow(padded: Tensor4D, info: ConvInfo, row: number, col: number): Tensor4D {
  const r0 = row * info.dilationHeight;
  const c0 = col * info.dilationWidth;
  const [n, , , c] = padded.shape;
  const end = [
    n,
    r0 + (info.outHeight - 1) * info.strideHeight + 1,
    c0 + (info.outWidth - 1) * info.strideWidth + 1,
    c,
  ];
  if (info.strideHeight === 1 && info.strideWidth === 1) {
    // A 1x1 stride-1 conv's only tap meets the whole input: no copy (most Inception convs).
    if (r0 === 0 && c0 === 0 && info.outHeight === padded.shape[1] && info.outWidth === padded.shape[2]) return padded;
    return tf.slice(padded, [0, r0, c0, 0], [n, info.outHeight, info.outWidth, c]);
  }
  return tf.stridedSlice(padded, [0, r0, c0, 0], end, [1, info.strideHeight, info.strideWidth, 1]) as Tensor4D;
}

/** Rows (or columns) of the padded input that the windows span: (out − 1)·stride + effective filter. */
export function spanOf(out: number, stride: number, effectiveFilter: number): number {
  return (out - 1) * stride + effectiveFilter;
}

/** Disposes `t` now (inside a long loop in a `tidy`, so memory stays at one tap's worth). */
export function drop(...ts: Tensor[]): void {
  for (const t of ts) t.dispose();
}
