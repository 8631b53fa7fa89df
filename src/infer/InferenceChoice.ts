import type { BackendChoice } from '../runtime/backendChoices.js';

/**
 * What runs a model for `predict` and `bench`: tfjs on a backend, in this thread (`workers` 1) or
 * in that many worker threads; or ONNX Runtime, which is no tfjs backend — the model is exported
 * to ONNX and run by onnxruntime-node with its own thread pool, on the CPU or a CUDA GPU.
 */
export type InferenceChoice =
  { engine: 'tfjs'; backend: BackendChoice; workers: number } | { engine: 'onnx'; threads: number; device: OnnxDevice };

/** Where ONNX Runtime runs. */
export type OnnxDevice = 'cpu' | 'cuda';
