import { isAbsolute, join, relative, resolve, sep } from 'node:path';

import { errorCode, ModelDirError, readFailed } from './ModelDirError.js';
import { MODEL_JSON, type ModelDirFs } from './ModelDirFs.js';
import { tf } from './tf.js';
import type { IOHandler, ModelArtifacts, ModelJSON, WeightsManifestConfig, WeightsManifestEntry } from './tf.js';

/** An IOHandler whose `load` reads and validates a model directory. */
export function directoryReader(fs: ModelDirFs, dir: string): IOHandler {
  return {
    async load(): Promise<ModelArtifacts> {
      const info = await fs.stat(dir).catch((error: unknown) => {
        if (errorCode(error) === 'ENOENT') {
          throw new ModelDirError('NOT_FOUND', `Model directory '${dir}' does not exist.`, { cause: error });
        }
        throw readFailed(dir, error);
      });
      if (!info.isDirectory()) {
        throw new ModelDirError('NOT_A_DIRECTORY', `'${dir}' is not a directory; expected a model directory.`);
      }
      const jsonPath = join(dir, MODEL_JSON);
      const text = await fs.readFile(jsonPath, 'utf8').catch((error: unknown) => {
        if (errorCode(error) === 'ENOENT') {
          throw new ModelDirError('MISSING_MODEL_JSON', `'${dir}' has no ${MODEL_JSON}.`, { cause: error });
        }
        throw readFailed(jsonPath, error);
      });
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new ModelDirError('BAD_JSON', `'${jsonPath}' is not valid JSON: ${(error as Error).message}`, {
          cause: error,
        });
      }
      const modelJson = asModelJson(parsed, jsonPath);
      return tf.io.getModelArtifactsForJSON(modelJson, (manifest) => readWeights(fs, dir, manifest));
    },
  };
}

function asModelJson(value: unknown, jsonPath: string): ModelJSON {
  const bad = (why: string): never => {
    throw new ModelDirError('BAD_MODEL_JSON', `'${jsonPath}' is not a tfjs Layers model: ${why}.`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return bad('expected a JSON object');
  }
  const json = value as Record<string, unknown>;
  if (typeof json['modelTopology'] !== 'object' || json['modelTopology'] === null) {
    return bad("missing 'modelTopology'");
  }
  const format = json['format'];
  if (format !== undefined && format !== 'layers-model') {
    return bad(`its format is '${typeof format === 'string' ? format : JSON.stringify(format)}', not 'layers-model'`);
  }
  const manifest = json['weightsManifest'];
  if (manifest !== undefined) {
    const groupsOk =
      Array.isArray(manifest) &&
      manifest.every(
        (group: unknown) =>
          typeof group === 'object' &&
          group !== null &&
          Array.isArray((group as { paths?: unknown }).paths) &&
          (group as { paths: unknown[] }).paths.every((p) => typeof p === 'string') &&
          Array.isArray((group as { weights?: unknown }).weights),
      );
    if (!groupsOk) {
      return bad("'weightsManifest' must be a list of { paths: string[], weights: [...] } groups");
    }
  }
  return json as unknown as ModelJSON;
}

async function readWeights(
  fs: ModelDirFs,
  dir: string,
  manifest: WeightsManifestConfig,
): Promise<[WeightsManifestEntry[], ArrayBuffer[]]> {
  const specs: WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of manifest) {
    for (const path of group.paths) {
      const file = resolve(dir, path);
      // Manifest paths come from a file we did not necessarily write; never
      // let them read outside the model directory.
      if (isAbsolute(path) || relative(dir, file).startsWith(`..${sep}`) || relative(dir, file) === '..') {
        throw new ModelDirError('BAD_MODEL_JSON', `Weights path '${path}' in '${dir}' points outside the directory.`);
      }
      const bytes = await fs.readFile(file).catch((error: unknown) => {
        if (errorCode(error) === 'ENOENT') {
          throw new ModelDirError('MISSING_WEIGHTS', `Weights file '${file}' named in ${MODEL_JSON} is missing.`, {
            cause: error,
          });
        }
        throw readFailed(file, error);
      });
      // readFile may return a view into a larger pooled buffer; copy out
      // exactly this file's bytes.
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    }
    specs.push(...group.weights);
  }
  const expected = expectedBytes(specs);
  const actual = buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0);
  if (expected !== undefined && expected !== actual) {
    // tfjs would otherwise decode garbage or fail with an opaque range error.
    throw new ModelDirError(
      'WEIGHTS_SIZE_MISMATCH',
      `Weights in '${dir}' hold ${actual} bytes but ${MODEL_JSON} describes ${expected}; ` +
        'the files are truncated or belong to another model.',
    );
  }
  return [specs, buffers];
}

const DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
const QUANTIZED_BYTES: Readonly<Record<string, number>> = { uint8: 1, uint16: 2, float16: 2 };

/** Total bytes the specs describe, or undefined when not computable (strings). */
function expectedBytes(specs: readonly WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const spec of specs) {
    const perElement =
      spec.quantization?.dtype !== undefined ? QUANTIZED_BYTES[spec.quantization.dtype] : DTYPE_BYTES[spec.dtype];
    if (perElement === undefined) {
      return undefined;
    }
    total += perElement * spec.shape.reduce((a, b) => a * b, 1);
  }
  return total;
}
