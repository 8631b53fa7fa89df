import { tf } from '../tf.js';
import type { Tensor } from '../tf.js';

/**
 * Runs `body` on Tensor views of a kernel's inputs and returns its result as the kernel's output,
 * so a kernel can be written with ordinary tfjs ops (which then run on the backend's own kernels).
 *
 * Why it is safe:
 * - A view is the `Reshape` kernel applied to the input with its own shape: on wasm that shares
 *   the input's memory and raises its backend ref-count, so disposing the view (which `tidy`
 *   does) gives back exactly that reference. Wrapping a `TensorInfo` in a Tensor by hand would
 *   not raise the count, and disposing it would free the caller's input.
 * - Every intermediate is made inside `tidy`, so only the returned Tensor survives; the engine
 *   takes a returned Tensor as the kernel's output as is (it only wraps bare TensorInfos).
 * - Kernels run with the gradient tape off, so none of this is recorded.
 */
export function composite<K extends string>(
  inputs: Record<K, tf.TensorInfo>,
  body: (views: Record<K, Tensor>) => Tensor,
): Tensor {
  return tf.tidy(() => {
    const views = {} as Record<K, Tensor>;
    for (const key of Object.keys(inputs) as K[]) {
      const info = inputs[key];
      // runKernel is typed for Tensors but, like every kernel, only reads dataId, shape and dtype.
      const kernelInputs = { x: info } as unknown as tf.NamedTensorMap;
      views[key] = tf.engine().runKernel<Tensor>(tf.Reshape, kernelInputs, { shape: info.shape });
    }
    return body(views);
  });
}
