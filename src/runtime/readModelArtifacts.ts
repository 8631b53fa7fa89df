import * as nodeFs from 'node:fs/promises';
import { resolve } from 'node:path';

import { directoryReader } from './directoryReader.js';
import type { ModelDirOptions } from './ModelDirFs.js';
import type { ModelArtifacts } from './tf.js';

/**
 * Reads a tfjs Layers directory (incep's own or `tensorflowjs_converter`'s multi-shard layout)
 * into artifacts — topology, weight specs and weight bytes — without building a model, for
 * callers that map weights themselves (Keras weight loading).
 *
 * @throws {ModelDirError} as `loadModelDir` does.
 */
export async function readModelArtifacts(dir: string, options: ModelDirOptions = {}): Promise<ModelArtifacts> {
  return directoryReader(options.fs ?? nodeFs, resolve(dir)).load!();
}
