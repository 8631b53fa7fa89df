/**
 * incep's runtime: the module generated model code imports (`incep/runtime`).
 * It is the only part of incep that touches TensorFlow.js, so generated code
 * and the rest of the project get `tf` from here and share one tfjs instance.
 *
 * It runs in the browser as well as in Node: nothing in its import graph may
 * reach a Node built-in (`test/runtime/browserBundle.test.ts` bundles every
 * generated module for the browser to keep it so). Saving and loading model
 * directories is Node-only and lives in `incep/node` (`./node.ts`).
 *
 * Importing it registers the custom layers with tfjs's serialization map, so
 * the stock `tf.loadLayersModel` rebuilds a saved incep model after nothing
 * more than `import 'incep/runtime'`; package.json's `sideEffects` names this
 * module so bundlers keep that import.
 *
 * @module
 */
import { registerCustomLayers } from './registerCustomLayers.js';

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
export { registerCustomLayers };

// The layer modules register themselves as they load; this call also takes the names back from
// another copy of the runtime that registered first (see registerCustomLayers).
registerCustomLayers();
