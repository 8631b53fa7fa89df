/**
 * incep's Node-only runtime (`incep/node`): saving and loading model directories
 * (`model.json` + weights files) on the local file system. It imports
 * `node:fs`, `node:path` and `node:crypto`, which is why it is an entry of its
 * own: `incep/runtime`, which generated model code imports, must bundle for the
 * browser, where a saved model loads with the stock `tf.loadLayersModel`.
 *
 * ```ts
 * import { loadModelDir } from 'incep/node';
 * const model = await loadModelDir('out/inception_v3');
 * ```
 * @module
 */
export { loadModelDir } from './loadModelDir.js';
export { saveModelDir } from './saveModelDir.js';
export { readModelArtifacts } from './readModelArtifacts.js';
export { ModelDirError } from './ModelDirError.js';
export type { ModelDirErrorCode } from './ModelDirError.js';
export type { ModelDirFs, ModelDirOptions } from './ModelDirFs.js';
