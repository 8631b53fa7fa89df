import { tf } from '../tf.js';
import type { Tensor, Tensor4D } from '../tf.js';
import { composite } from './composite.js';
import { spanOf } from './windows.js';

/**
 * `DepthwiseConv2dNativeBackpropInput` (the gradient of `depthwiseConv2d`, and so of
 * `separableConv2d`, with respect to its input) for the wasm backend, which lacks it.
 *
 * The forward pass reads, for tap (i, j), the padded input at `(i·dh + y·sh, j·dw + x·sw)`; the
 * gradient sends each output's dy back there. Per tap: weight dy by the tap's filter (summing the
 * channel multiplier), spread the result out by the stride (zeros in between), shift it to where
 * the tap reads and add it into a padded-input-sized sum; finally cut the forward pass's padding
 * off. Exact for any stride, dilation and padding (a transposed conv written out tap by tap).
 */
export const depthwiseConv2dNativeBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs }) => {
    const { dy, filter } = inputs as Record<'dy' | 'filter', tf.TensorInfo>;
    const { strides, dilations, pad, dimRoundingMode, inputShape } =
      attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
    return composite({ dy, filter }, (t) => {
      const [kh, kw, inC, mult] = t.filter.shape as [number, number, number, number];
      const info = tf.backend_util.computeConv2DInfo(
        inputShape,
        [kh, kw, inC, mult],
        strides,
        dilations,
        pad,
        dimRoundingMode,
        true,
      );
      const [n, height, width] = inputShape;
      const { top, left } = info.padInfo;
      // The sum covers every padded row any tap reads and every row of the unpadded input.
      const paddedH = Math.max(spanOf(info.outHeight, info.strideHeight, info.effectiveFilterHeight), top + height);
      const paddedW = Math.max(spanOf(info.outWidth, info.strideWidth, info.effectiveFilterWidth), left + width);
      const dy5 = tf.reshape(t.dy, [n, info.outHeight, info.outWidth, inC, mult]);
      let sum: Tensor | undefined;
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const next = tf.tidy(() => {
            const weights = tf.reshape(tf.slice(t.filter, [i, j, 0, 0], [1, 1, inC, mult]), [inC, mult]);
            const weighted = tf.sum<Tensor4D>(tf.mul(dy5, weights), 4);
            const spread = spreadByStride(weighted, info.strideHeight, info.strideWidth);
            const r0 = i * info.dilationHeight;
            const c0 = j * info.dilationWidth;
            const placed = tf.pad(spread, [
              [0, 0],
              [r0, paddedH - r0 - spread.shape[1]],
              [c0, paddedW - c0 - spread.shape[2]],
              [0, 0],
            ]);
            return sum === undefined ? placed : tf.add(sum, placed);
          });
          sum?.dispose();
          sum = next;
        }
      }
      return tf.slice(sum!, [0, top, left, 0], [n, height, width, inC]);
    });
  },
};

/**
 * Puts `stride − 1` zeros between neighbouring rows and columns of an NHWC tensor
 * (`[N, H, W, C]` → `[N, (H−1)·sh + 1, (W−1)·sw + 1, C]`): where a strided conv's outputs sit on
 * its input grid. Done by padding a unit axis after each spatial axis and folding it back in.
 */
function spreadByStride(x: Tensor4D, sh: number, sw: number): Tensor4D {
  if (sh === 1 && sw === 1) return x;
  const [n, h, w, c] = x.shape;
  const gaps = tf.pad(tf.reshape(x, [n, h, 1, w, 1, c]), [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ]);
  return tf.slice(
    tf.reshape(gaps, [n, h * sh, w * sw, c]),
    [0, 0, 0, 0],
    [n, (h - 1) * sh + 1, (w - 1) * sw + 1, c],
  ) as Tensor4D;
}
