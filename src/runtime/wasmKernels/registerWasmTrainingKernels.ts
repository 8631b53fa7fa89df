import { tf } from '../tf.js';
import { conv2DBackpropFilterConfig } from './Conv2DBackpropFilter.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './DepthwiseConv2dNativeBackpropFilter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './DepthwiseConv2dNativeBackpropInput.js';

/**
 * The kernels an Inception network's backward pass needs that `@tensorflow/tfjs-backend-wasm`
 * 4.22 does not provide (found by running `tf.variableGrads` over every op incep builds); each is
 * composed of kernels wasm does have.
 */
export const WASM_TRAINING_KERNELS: readonly tf.KernelConfig[] = [
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
];

/**
 * Registers {@link WASM_TRAINING_KERNELS} for the `'wasm'` backend so models can train on it.
 * Idempotent, and a kernel wasm already has (a later tfjs-backend-wasm may add them natively)
 * is left alone, so a native implementation always wins. Returns the names it registered now.
 */
export function registerWasmTrainingKernels(): string[] {
  const added: string[] = [];
  for (const config of WASM_TRAINING_KERNELS) {
    // tfjs types getKernel as always returning a config; it returns undefined for an unknown one.
    if ((tf.getKernel(config.kernelName, 'wasm') as tf.KernelConfig | undefined) === undefined) {
      tf.registerKernel(config);
      added.push(config.kernelName);
    }
  }
  return added;
}
