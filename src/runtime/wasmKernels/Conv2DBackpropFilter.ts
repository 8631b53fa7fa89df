import { tf } from '../tf.js';
import type { Tensor, Tensor4D } from '../tf.js';
import { composite } from './composite.js';
import { drop, padForTaps, tapWindow } from './windows.js';

/**
 * `Conv2DBackpropFilter` (the gradient of `conv2d` with respect to its filter) for the wasm
 * backend, which has the forward conv and the input gradient but not this one.
 *
 * The forward conv is a sum over filter taps (i, j) of `window(i, j) · W[i, j]`, where the window
 * is the strided slice of the padded input that tap meets (`[N·outH·outW, inC]` once flattened)
 * and `W[i, j]` is an `[inC, outC]` matrix. So `dW[i, j] = window(i, j)ᵀ · dy`: one matMul per tap
 * on wasm's XNNPACK matmul, exact up to float summation order. One tap's window exists at a time,
 * so memory stays at one input-sized copy rather than im2col's kH·kW copies.
 */
export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs }) => {
    const { x, dy } = inputs as Record<'x' | 'dy', tf.TensorInfo>;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    return composite({ x, dy }, (t) => {
      // The taps are laid out for channels-last; NCHW tensors are turned round once here.
      const nhwc = dataFormat === 'NCHW';
      const x4 = (nhwc ? tf.transpose(t.x, [0, 2, 3, 1]) : t.x) as Tensor4D;
      const dy4 = (nhwc ? tf.transpose(t.dy, [0, 2, 3, 1]) : t.dy) as Tensor4D;
      const info = tf.backend_util.computeConv2DInfo(x4.shape, filterShape, strides, 1, pad, dimRoundingMode);
      const [kh, kw, inC, outC] = filterShape;
      const padded = padForTaps(x4, info);
      const dyFlat = tf.reshape(dy4, [-1, outC]);
      const taps: Tensor[] = [];
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const window = tapWindow(padded, info, i, j);
          const flat = tf.reshape(window, [-1, inC]);
          taps.push(tf.matMul(flat, dyFlat, true, false));
          drop(flat);
          if (window !== padded) drop(window);
        }
      }
      return tf.reshape(tf.stack(taps), [kh, kw, inC, outC]);
    });
  },
};
