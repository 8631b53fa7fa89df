import { isAbsolute, join, relative, resolve } from 'node:path';

import { readRegularFile } from '../files/readRegularFile.js';
import { errorCode, ModelDirError, readFailed } from './ModelDirError.js';
import { MODEL_JSON, type ModelDirFs } from './ModelDirFs.js';
import { tf } from './tf.js';
import type { IOHandler, ModelArtifacts, ModelJSON, WeightsManifestConfig, WeightsManifestEntry } from './tf.js';
import { entryBytes, weightDigests } from './weightDigests.js';

/** model.json holds a topology and a manifest; InceptionResNetV2's is about 1 MB. */
const MAX_MODEL_JSON_BYTES = 64 * 2 ** 20;

/** The marker incep writes into model.json: one SHA-256 per weight (see weightDigests). */
export interface IncepModelMarker {
  sha256: Record<string, string>;
}

/**
 * An IOHandler whose `load` reads and validates a model directory. Every file it reads is a
 * regular file inside the directory after symlinks are resolved, its size checked against the
 * manifest before a byte is read; weights saved by incep are checked against their digests.
 */
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
      const realDir = await fs.realpath(dir).catch((error: unknown) => {
        throw readFailed(dir, error);
      });
      const jsonPath = join(dir, MODEL_JSON);
      const text = new TextDecoder().decode(
        await readInside(fs, realDir, dir, MODEL_JSON, MAX_MODEL_JSON_BYTES, () => {
          throw new ModelDirError('MISSING_MODEL_JSON', `'${dir}' has no ${MODEL_JSON}.`);
        }),
      );
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new ModelDirError('BAD_JSON', `'${jsonPath}' is not valid JSON: ${(error as Error).message}`, {
          cause: error,
        });
      }
      const modelJson = asModelJson(parsed, jsonPath);
      if ((parsed as { weightsManifest?: unknown }).weightsManifest === undefined) {
        // tfjs would build the model with fresh random weights and say nothing.
        throw new ModelDirError(
          'MISSING_WEIGHTS',
          `'${jsonPath}' lists no weights (no 'weightsManifest'); a saved model needs its weights.`,
        );
      }
      const marker = (parsed as { incep?: IncepModelMarker }).incep;
      return tf.io.getModelArtifactsForJSON(modelJson, (manifest) => readWeights(fs, realDir, dir, manifest, marker));
    },
  };
}

/**
 * The bytes of `path` (relative to the model directory), refusing paths that leave the
 * directory — by `..`, an absolute path or a symlink — and anything but a regular file.
 */
async function readInside(
  fs: ModelDirFs,
  realDir: string,
  dir: string,
  path: string,
  maxBytes: number,
  onMissing: () => never,
): Promise<Uint8Array> {
  const shown = join(dir, path);
  const real = await realInside(fs, realDir, dir, path, onMissing);
  const read = await readRegularFile(real, maxBytes, fs);
  if (read.ok) return read.bytes;
  if (read.reason === 'missing') return onMissing();
  if (read.reason === 'io') throw readFailed(shown, read.cause);
  throw new ModelDirError('BAD_MODEL_JSON', `'${shown}' cannot be read as part of a model: ${read.message}.`);
}

/** The real path of `path` in the directory, or an error when it resolves outside it. */
async function realInside(
  fs: ModelDirFs,
  realDir: string,
  dir: string,
  path: string,
  onMissing: () => never,
): Promise<string> {
  const outside = () => new ModelDirError('OUTSIDE_DIRECTORY', `'${path}' in '${dir}' points outside the directory.`);
  const inside = (p: string) => {
    const rel = relative(realDir, p);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };
  // Lexically first (`..`, absolute paths), then again after symlinks are resolved.
  if (isAbsolute(path) || !inside(resolve(realDir, path))) throw outside();
  const real = await fs.realpath(resolve(realDir, path)).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return onMissing();
    throw readFailed(join(dir, path), error);
  });
  if (!inside(real)) throw outside();
  return real;
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
    const names = new Set<string>();
    for (const group of manifest as Array<{ weights: unknown[] }>) {
      for (const entry of group.weights) {
        const problem = entryProblem(entry, names);
        if (problem) return bad(problem);
      }
    }
  }
  return json as unknown as ModelJSON;
}

const QUANTIZED_DTYPES = new Set(['uint8', 'uint16', 'float16']);

/** What is wrong with one manifest entry, if anything: Layers models hold named float32 weights. */
function entryProblem(entry: unknown, names: Set<string>): string | undefined {
  if (typeof entry !== 'object' || entry === null) return 'a weight entry is not an object';
  const { name, shape, dtype, quantization } = entry as Record<string, unknown>;
  if (typeof name !== 'string' || name === '') return 'a weight entry has no name';
  if (names.has(name)) return `weight '${name}' is listed twice`;
  names.add(name);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    return `weight '${name}' has shape ${JSON.stringify(shape)}; dimensions must be whole numbers, 0 or more`;
  }
  if (dtype !== 'float32') {
    return `weight '${name}' has dtype ${JSON.stringify(dtype)}; Layers model weights are float32`;
  }
  if (quantization !== undefined) {
    const q = (quantization ?? {}) as { dtype?: unknown };
    if (typeof q.dtype !== 'string' || !QUANTIZED_DTYPES.has(q.dtype)) {
      return `weight '${name}' is quantized as ${JSON.stringify(q.dtype)}; tfjs reads uint8, uint16 and float16`;
    }
  }
  return undefined;
}

async function readWeights(
  fs: ModelDirFs,
  realDir: string,
  dir: string,
  manifest: WeightsManifestConfig,
  marker: IncepModelMarker | undefined,
): Promise<[WeightsManifestEntry[], ArrayBuffer[]]> {
  const specs = manifest.flatMap((group) => group.weights);
  const expected = specs.reduce((sum, spec) => sum + entryBytes(spec)!, 0);
  const missing = (path: string) => (): never => {
    throw new ModelDirError('MISSING_WEIGHTS', `Weights file '${join(dir, path)}' named in ${MODEL_JSON} is missing.`);
  };
  // Sizes first: a manifest or a file that does not add up is refused before anything is read.
  const files: Array<{ path: string; real: string; size: number }> = [];
  for (const path of manifest.flatMap((group) => group.paths)) {
    const real = await realInside(fs, realDir, dir, path, missing(path));
    const info = await fs.stat(real).catch((error: unknown) => {
      throw readFailed(join(dir, path), error);
    });
    if (!info.isFile()) {
      throw new ModelDirError('BAD_MODEL_JSON', `Weights file '${join(dir, path)}' is not a regular file.`);
    }
    files.push({ path, real, size: info.size });
  }
  const actual = files.reduce((sum, f) => sum + f.size, 0);
  if (expected !== actual) {
    // tfjs would otherwise decode garbage or fail with an opaque range error.
    throw new ModelDirError(
      'WEIGHTS_SIZE_MISMATCH',
      `Weights in '${dir}' hold ${actual} bytes but ${MODEL_JSON} describes ${expected}; ` +
        'the files are truncated or belong to another model.',
    );
  }
  const buffers: ArrayBuffer[] = [];
  for (const f of files) {
    const bytes = await readInside(fs, realDir, dir, f.path, f.size, missing(f.path));
    buffers.push(bytes.buffer as ArrayBuffer);
  }
  if (marker?.sha256 !== undefined) verifyDigests(specs, buffers, marker.sha256, dir);
  return [specs, buffers];
}

/** Refuses weights whose bytes do not match the digests incep saved with them. */
function verifyDigests(
  specs: readonly WeightsManifestEntry[],
  buffers: readonly ArrayBuffer[],
  saved: Record<string, string>,
  dir: string,
): void {
  const all = new Uint8Array(tf.io.CompositeArrayBuffer.join([...buffers]));
  const actual = weightDigests(specs, all);
  const wrong = specs.map((s) => s.name).filter((name) => saved[name] !== actual[name]);
  if (wrong.length > 0) {
    const shown = wrong.slice(0, 3).join("', '") + (wrong.length > 3 ? `' and ${wrong.length - 3} more` : "'");
    throw new ModelDirError(
      'WEIGHTS_CORRUPT',
      `Weights in '${dir}' do not match the digests saved with them ('${shown}): ` +
        `${MODEL_JSON}'s manifest was edited or the weights file changed.`,
    );
  }
}
