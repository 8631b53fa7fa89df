/**
 * incep's runtime: the module generated model code imports (`incep/runtime`).
 * It is the only part of incep that touches TensorFlow.js, so generated code
 * and the rest of the project get `tf` from here and share one tfjs instance.
 *
 * @module
 */
export { tf } from './tf.js';
export { Build } from './Build.js';
export type { Activation, ConvOptions, T } from './Build.js';
export type * from './tf.js';
export { BACKEND_CHOICES, importModule, selectBackend } from './selectBackend.js';
export type { BackendChoice, BackendResult, ModuleLoader, SelectBackendOptions } from './selectBackend.js';
export { ScaledAdd } from './layers/ScaledAdd.js';
export type { ScaledAddArgs } from './layers/ScaledAdd.js';
export { LocalResponseNorm } from './layers/LocalResponseNorm.js';
export type { LocalResponseNormArgs, LocalResponseNormParams } from './layers/LocalResponseNorm.js';
export { registerCustomLayers } from './registerCustomLayers.js';
export { loadModelDir } from './loadModelDir.js';
export { saveModelDir } from './saveModelDir.js';
export { ModelDirError } from './ModelDirError.js';
export type { ModelDirErrorCode } from './ModelDirError.js';
export type { ModelDirFs, ModelDirOptions } from './ModelDirFs.js';
