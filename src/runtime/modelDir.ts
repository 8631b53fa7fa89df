import { randomUUID } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

import { registerCustomLayers } from './registerCustomLayers.js';
import { tf } from './tf.js';
import type {
  IOHandler,
  LayersModel,
  ModelArtifacts,
  ModelJSON,
  SaveResult,
  WeightsManifestConfig,
  WeightsManifestEntry,
} from './tf.js';

/** File holding the topology and weights manifest (tfjs Layers format). */
const MODEL_JSON = 'model.json';
/**
 * All weights go in one shard. tfjs-node's `file://` handler does the same;
 * the converter's 4 MB shards exist for browser HTTP caching, and
 * {@link loadModelDir} reads multi-shard manifests anyway.
 */
const WEIGHTS_BIN = 'weights.bin';

/** Why a model directory could not be saved or loaded. */
export type ModelDirErrorCode =
  /** `loadModelDir`: the directory does not exist. */
  | 'NOT_FOUND'
  /** `loadModelDir`: the path exists but is not a directory. */
  | 'NOT_A_DIRECTORY'
  /** `loadModelDir`: no `model.json` in the directory. */
  | 'MISSING_MODEL_JSON'
  /** `loadModelDir`: `model.json` is not valid JSON. */
  | 'BAD_JSON'
  /** `loadModelDir`: valid JSON, but not a tfjs Layers `model.json`. */
  | 'BAD_MODEL_JSON'
  /** `loadModelDir`: a weights file named by the manifest is missing. */
  | 'MISSING_WEIGHTS'
  /** `loadModelDir`: the weights files hold fewer or more bytes than the manifest describes. */
  | 'WEIGHTS_SIZE_MISMATCH'
  /** `loadModelDir`: tfjs rejected the topology or weights (e.g. unknown layer class). */
  | 'INVALID_MODEL'
  /** `loadModelDir`: an I/O error other than a missing file (permissions, EIO, …). */
  | 'READ_FAILED'
  /** `saveModelDir`: the target exists and does not look like a model directory. */
  | 'UNSAFE_TARGET'
  /** `saveModelDir`: writing or renaming failed; the previous directory (if any) is intact. */
  | 'WRITE_FAILED';

/**
 * The error {@link saveModelDir} and {@link loadModelDir} reject with. These
 * two functions throw rather than return result values because they sit
 * behind tfjs's own promise-based save/load API, which generated code awaits
 * directly; `code` lets callers branch without parsing messages, and the
 * underlying I/O error, if any, is `cause`.
 */
export class ModelDirError extends Error {
  override readonly name = 'ModelDirError';

  constructor(
    readonly code: ModelDirErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The subset of `node:fs/promises` the model-directory functions use.
 * Injectable so tests can simulate a failing disk; defaults to the real module.
 */
export type ModelDirFs = Pick<typeof nodeFs, 'mkdir' | 'open' | 'readFile' | 'readdir' | 'rename' | 'rm' | 'stat'>;

/** Options for {@link saveModelDir} and {@link loadModelDir}. */
export interface ModelDirOptions {
  /** File-system implementation; defaults to `node:fs/promises`. */
  fs?: ModelDirFs;
}

/**
 * Saves `model` to `dir` as `model.json` + `weights.bin` (tfjs Layers format,
 * loadable by `tf.loadLayersModel` over HTTP or by {@link loadModelDir}).
 *
 * The write is atomic at the directory level: files are written and fsynced
 * in a hidden sibling `.<name>.incep-tmp-*`, then renamed to `dir`. An existing
 * model at `dir` is renamed away to `.<name>.incep-old-*`, the new one renamed
 * in, and the old one deleted; if the second rename fails the old one is
 * renamed back. So `dir` holds either the complete old model or the complete
 * new one. A crash exactly between the two renames leaves `dir` absent, with
 * the old model in `.incep-old-*` and the new one complete in `.incep-tmp-*`;
 * other crashes leave at most a hidden sibling that is safe to delete.
 *
 * To avoid deleting user data, an existing `dir` is replaced only if it is
 * empty or holds nothing but `model.json` and `*.bin` files. Missing parent
 * directories are created.
 *
 * @returns absolute paths of the files written, as they exist after the rename.
 * @throws {ModelDirError} `UNSAFE_TARGET` or `WRITE_FAILED`; the previous
 *   contents of `dir` are untouched in both cases.
 */
export async function saveModelDir(
  model: LayersModel,
  dir: string,
  options: ModelDirOptions = {},
): Promise<{ files: string[] }> {
  const fs = options.fs ?? nodeFs;
  const target = resolve(dir);
  const parent = dirname(target);
  const name = basename(target);
  if (target === parent) {
    throw new ModelDirError('UNSAFE_TARGET', `Refusing to save a model over the file-system root '${target}'.`);
  }
  const hadPrevious = await checkReplaceable(fs, target);

  let tmp: string;
  try {
    await fs.mkdir(parent, { recursive: true });
    // Not mkdtemp: its 0700 mode would survive the rename, whereas a plain
    // mkdir gives the finished directory the usual umask-derived mode.
    tmp = join(parent, `.${name}.incep-tmp-${randomUUID().slice(0, 8)}`);
    await fs.mkdir(tmp);
  } catch (error) {
    throw writeFailed(`could not create a temporary directory next to '${target}'`, error);
  }

  let written: string[] = [];
  try {
    await model.save(directoryWriter(fs, tmp, (files) => (written = files), separableDepthMultipliers(model)));
  } catch (error) {
    await removeQuietly(fs, tmp);
    throw error instanceof ModelDirError ? error : writeFailed(`could not write the model to '${tmp}'`, error);
  }

  if (!hadPrevious) {
    try {
      await fs.rename(tmp, target);
    } catch (error) {
      await removeQuietly(fs, tmp);
      throw writeFailed(`could not move the new model into '${target}'`, error);
    }
  } else {
    const old = join(parent, `.${name}.incep-old-${randomUUID().slice(0, 8)}`);
    try {
      await fs.rename(target, old);
    } catch (error) {
      await removeQuietly(fs, tmp);
      throw writeFailed(`could not move the previous model at '${target}' aside`, error);
    }
    try {
      await fs.rename(tmp, target);
    } catch (error) {
      const restored = await fs.rename(old, target).then(
        () => true,
        () => false,
      );
      await removeQuietly(fs, tmp);
      throw writeFailed(
        `could not move the new model into '${target}'` +
          (restored ? '' : `; the previous model is preserved at '${old}'`),
        error,
      );
    }
    // The new model is in place; failing to delete the old copy only leaves
    // a hidden sibling behind, which is not worth failing the save for.
    await removeQuietly(fs, old);
  }
  await syncDirectory(fs, parent);
  return { files: written.map((file) => join(target, file)) };
}

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

/**
 * An IOHandler whose `save` writes `model.json` + `weights.bin` into `dir`
 * (which must exist and be empty) and fsyncs both, so the later rename
 * publishes complete files.
 */
function directoryWriter(
  fs: ModelDirFs,
  dir: string,
  onWritten: (files: string[]) => void,
  depthMultipliers = new Map<string, number>(),
): IOHandler {
  return {
    async save(artifacts: ModelArtifacts): Promise<SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new ModelDirError('WRITE_FAILED', 'Binary (GraphDef) topologies are not supported; save a LayersModel.');
      }
      restoreDepthMultipliers(artifacts.modelTopology, depthMultipliers);
      const weights =
        artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const weightsManifest: WeightsManifestConfig = [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }];
      const modelJson: ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest,
      };
      if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.signature != null) modelJson.signature = artifacts.signature;
      if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      if (artifacts.modelInitializer != null) modelJson.modelInitializer = artifacts.modelInitializer;
      if (artifacts.initializerSignature != null) modelJson.initializerSignature = artifacts.initializerSignature;

      await writeDurably(fs, join(dir, WEIGHTS_BIN), new Uint8Array(weights));
      await writeDurably(fs, join(dir, MODEL_JSON), JSON.stringify(modelJson));
      onWritten([MODEL_JSON, WEIGHTS_BIN]);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/**
 * tfjs-layers 4.22's `SeparableConv.getConfig` leaves out `depthMultiplier`, so a saved
 * SeparableConv2D with a multiplier above 1 (Inception v2's stem) reloads with 1 and its weights
 * no longer fit. The multipliers are read off the live layers and written back into the topology
 * under Keras's key, which tfjs reads when loading.
 */
function separableDepthMultipliers(model: LayersModel): Map<string, number> {
  const out = new Map<string, number>();
  for (const layer of model.layers) {
    const dm = (layer as { depthMultiplier?: unknown }).depthMultiplier;
    if (layer.getClassName() === 'SeparableConv2D' && typeof dm === 'number') out.set(layer.name, dm);
  }
  return out;
}

function restoreDepthMultipliers(topology: unknown, multipliers: ReadonlyMap<string, number>): void {
  if (multipliers.size === 0) return;
  const layers =
    (topology as { config?: { layers?: Array<{ config?: Record<string, unknown> }> } } | undefined)?.config?.layers ??
    [];
  for (const layer of layers) {
    const dm = layer.config && multipliers.get(layer.config['name'] as string);
    if (layer.config && dm !== undefined && layer.config['depth_multiplier'] === undefined)
      layer.config['depth_multiplier'] = dm;
  }
}

/** An IOHandler whose `load` reads and validates a model directory. */
function directoryReader(fs: ModelDirFs, dir: string): IOHandler {
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

/**
 * Returns whether `target` holds a previous model to replace (false when
 * absent). Throws UNSAFE_TARGET for anything that is not clearly ours.
 */
async function checkReplaceable(fs: ModelDirFs, target: string): Promise<boolean> {
  let isDirectory: boolean;
  try {
    isDirectory = (await fs.stat(target)).isDirectory();
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      return false;
    }
    throw writeFailed(`could not inspect '${target}'`, error);
  }
  if (!isDirectory) {
    throw new ModelDirError('UNSAFE_TARGET', `'${target}' exists and is not a directory; refusing to replace it.`);
  }
  let entries: string[];
  try {
    entries = await fs.readdir(target);
  } catch (error) {
    throw writeFailed(`could not list '${target}'`, error);
  }
  const foreign = entries.filter((entry) => entry !== MODEL_JSON && !entry.endsWith('.bin'));
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ', …' : '');
    throw new ModelDirError(
      'UNSAFE_TARGET',
      `'${target}' contains files that are not part of a saved model (${shown}); ` +
        'refusing to replace it. Choose an empty or new directory.',
    );
  }
  return true;
}

async function writeDurably(fs: ModelDirFs, file: string, data: Uint8Array | string): Promise<void> {
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Persists the renames in `dir`; best-effort, since not every platform can fsync a directory. */
async function syncDirectory(fs: ModelDirFs, dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open directories; the renames still happened.
  }
}

async function removeQuietly(fs: ModelDirFs, path: string): Promise<void> {
  await fs.rm(path, { recursive: true, force: true }).catch(() => undefined);
}

function writeFailed(what: string, cause: unknown): ModelDirError {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new ModelDirError('WRITE_FAILED', `Saving the model failed, ${what}${detail}`, { cause });
}

function readFailed(path: string, cause: unknown): ModelDirError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ModelDirError('READ_FAILED', `Could not read '${path}': ${detail}`, { cause });
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}
