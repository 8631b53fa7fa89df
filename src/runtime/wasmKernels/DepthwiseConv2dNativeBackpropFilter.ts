import { tf } from '../tf.js';
import type { Tensor, Tensor4D } from '../tf.js';
import { composite } from './composite.js';
import { padForTaps, tapWindow } from './windows.js';

/**
 * `DepthwiseConv2dNativeBackpropFilter` (the gradient of `depthwiseConv2d`, and so of
 * `separableConv2d`, with respect to the depthwise filter) for the wasm backend, which lacks it.
 *
 * Output channel `c·M + m` of a depthwise conv is the sum over taps (i, j) of input channel c of
 * the tap's window times `W[i, j, c, m]`. Hence `dW[i, j, c, m] = Σ_{n,y,x} window(i, j)[n,y,x,c] ·
 * dy[n,y,x,c,m]`: per tap, one broadcast multiply and a sum over batch and space. Dilation only
 * moves where each tap's window starts, so it is handled exactly (tfjs's cpu kernel ignores it).
 */
export const depthwiseConv2dNativeBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs }) => {
    const { x, dy } = inputs as Record<'x' | 'dy', tf.TensorInfo>;
    const { strides, dilations, pad, dimRoundingMode, filterShape } =
      attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
    return composite({ x, dy }, (t) => {
      const x4 = t.x as Tensor4D;
      const info = tf.backend_util.computeConv2DInfo(
        x4.shape,
        filterShape,
        strides,
        dilations,
        pad,
        dimRoundingMode,
        true,
      );
      const [kh, kw, inC, mult] = filterShape;
      const padded = padForTaps(x4, info);
      // dy's channels are c·M + m, so this splits them into (c, m) without moving data.
      const dy5 = tf.reshape(t.dy, [info.batchSize, info.outHeight, info.outWidth, inC, mult]);
      const taps: Tensor[] = [];
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          // A nested tidy frees the window and the product before the next tap.
          taps.push(tf.tidy(() => tf.sum(tf.mul(tf.expandDims(tapWindow(padded, info, i, j), 4), dy5), [0, 1, 2])));
        }
      }
      return tf.reshape(tf.stack(taps), [kh, kw, inC, mult]);
    });
  },
};
