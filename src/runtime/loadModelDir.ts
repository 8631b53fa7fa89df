import * as nodeFs from 'node:fs/promises';
import { resolve } from 'node:path';

import { directoryReader } from './directoryReader.js';
import { ModelDirError } from './ModelDirError.js';
import type { ModelDirOptions } from './ModelDirFs.js';
import { registerCustomLayers } from './registerCustomLayers.js';
import { tf } from './tf.js';
import type { LayersModel } from './tf.js';

/**
 * Loads a model saved by {@link saveModelDir} (or any tfjs Layers
 * `model.json` + weights directory, including the converter's sharded output)
 * through the stock `tf.loadLayersModel`, after registering incep's custom
 * layers.
 *
 * @throws {ModelDirError} with code `NOT_FOUND`, `NOT_A_DIRECTORY`,
 *   `MISSING_MODEL_JSON`, `BAD_JSON`, `BAD_MODEL_JSON`, `MISSING_WEIGHTS`,
 *   `WEIGHTS_SIZE_MISMATCH`, `INVALID_MODEL` or `READ_FAILED`; messages name
 *   the path.
 */
export async function loadModelDir(dir: string, options: ModelDirOptions = {}): Promise<LayersModel> {
  const fs = options.fs ?? nodeFs;
  registerCustomLayers();
  const handler = directoryReader(fs, resolve(dir));
  try {
    return await tf.loadLayersModel(handler);
  } catch (error) {
    if (error instanceof ModelDirError) {
      throw error;
    }
    throw new ModelDirError(
      'INVALID_MODEL',
      `The model in '${resolve(dir)}' could not be built: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
