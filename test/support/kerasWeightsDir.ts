import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One weight to write: a Keras name (`conv2d_1/kernel`), its shape and optionally its values. */
export interface KerasWeight {
  name: string;
  shape: number[];
  /** Row-major float32 values; generated from the seed and the name when absent. */
  values?: Float32Array;
}

/** Options of {@link writeKerasWeightsDir}. */
export interface KerasWeightsDirOptions {
  /** Seed of the generated values. Default 1. */
  seed?: number;
  /**
   * Bytes per shard file. Default 4 MiB, `tensorflowjs_converter`'s `--weight_shard_size_bytes`
   * default, which cuts Keras InceptionV3 into the 23 shards of the published conversion.
   */
  shardBytes?: number;
  /** Shard file suffix: converters since tfjs 1.x write `.bin`; the Keras 2.2.4-era ones wrote none. Default '.bin'. */
  suffix?: '' | '.bin';
  /** Keras version recorded in `modelTopology` and `generatedBy`. Default '2.2.4'. */
  kerasVersion?: string;
  /** The Keras model config to embed; a minimal empty functional model by default (loading weights never reads it). */
  modelConfig?: Record<string, unknown>;
}

/** What {@link writeKerasWeightsDir} wrote. */
export interface WrittenKerasWeightsDir {
  dir: string;
  /** Shard file names in manifest order. */
  shards: string[];
  /** The manifest's weight entries, in file order. */
  manifest: Array<{ name: string; shape: number[]; dtype: 'float32' }>;
  /** Every weight's values by name, to set a reference model with exactly what was written. */
  values: Map<string, Float32Array>;
}

/**
 * Writes a synthetic `tensorflowjs_converter --input_format keras` directory: `model.json`
 * (`format: 'layers-model'`, a `modelTopology` object, one `weightsManifest` group) and its
 * shard files `group1-shard1ofN…`, the float32 weight bytes concatenated and cut every
 * `shardBytes` as the converter cuts them (a weight may straddle two shards).
 *
 * Weights are ordered as the converter writes a Keras .h5: layers sorted by name (h5py lists
 * groups in byte order, so `conv2d_10` precedes `conv2d_2`), each layer's weights in Keras order
 * (`kernel, bias`; `beta, moving_mean, moving_variance`).
 *
 * Generated values are seeded per name, so a weight keeps its values when others are added or
 * dropped: kernels He-uniform over their fan-in (so deep stacks neither explode nor fade),
 * biases and BN betas/means in ±0.1 / ±0.2, gammas and moving variances in [0.5, 1.5]
 * (variances must be positive).
 */
export async function writeKerasWeightsDir(
  dir: string,
  weights: readonly KerasWeight[],
  options: KerasWeightsDirOptions = {},
): Promise<WrittenKerasWeightsDir> {
  const seed = options.seed ?? 1;
  const shardBytes = options.shardBytes ?? 4 * 1024 * 1024;
  const suffix = options.suffix ?? '.bin';
  const kerasVersion = options.kerasVersion ?? '2.2.4';

  const layerOf = (name: string) => name.slice(0, name.lastIndexOf('/'));
  // Array.prototype.sort is stable, so weights of one layer keep the caller's (Keras) order.
  const ordered = [...weights].sort((a, b) => compareBytes(layerOf(a.name), layerOf(b.name)));

  const values = new Map<string, Float32Array>();
  let total = 0;
  for (const w of ordered) {
    const size = w.shape.reduce((a, b) => a * b, 1);
    const v = w.values ?? generate(w.name, w.shape, seed);
    if (v.length !== size) throw new Error(`${w.name}: ${v.length} values for shape [${w.shape.join(', ')}]`);
    if (values.has(w.name)) throw new Error(`duplicate weight name ${w.name}`);
    values.set(w.name, v);
    total += v.byteLength;
  }

  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const w of ordered) {
    const v = values.get(w.name)!;
    bytes.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), offset);
    offset += v.byteLength;
  }
  const count = Math.max(1, Math.ceil(total / shardBytes));
  const shards = Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}${suffix}`);

  await mkdir(dir, { recursive: true });
  for (const [i, shard] of shards.entries()) {
    await writeFile(join(dir, shard), bytes.subarray(i * shardBytes, Math.min(total, (i + 1) * shardBytes)));
  }
  const manifest = ordered.map((w) => ({ name: w.name, shape: [...w.shape], dtype: 'float32' as const }));
  const modelJson = {
    format: 'layers-model',
    generatedBy: `keras v${kerasVersion}`,
    convertedBy: 'TensorFlow.js Converter v1.7.4',
    modelTopology: {
      keras_version: kerasVersion,
      backend: 'tensorflow',
      model_config: options.modelConfig ?? {
        class_name: 'Model',
        config: { name: 'model', layers: [], input_layers: [], output_layers: [] },
      },
    },
    weightsManifest: [{ paths: shards, weights: manifest }],
  };
  await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
  return { dir, shards, manifest, values };
}

/** Byte-order comparison (h5py's), not locale order. */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function generate(name: string, shape: readonly number[], seed: number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const random = mulberry32(seed ^ hash(name));
  const kind = name.slice(name.lastIndexOf('/') + 1).replace(/:\d+$/, '');
  let [lo, hi] = RANGES[kind] ?? [-0.1, 0.1];
  if (kind === 'kernel' || kind === 'depthwise_kernel' || kind === 'pointwise_kernel') {
    const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    hi = Math.sqrt(6 / fanIn);
    lo = -hi;
  }
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = lo + (hi - lo) * random();
  return out;
}

const RANGES: Record<string, [number, number]> = {
  bias: [-0.1, 0.1],
  beta: [-0.2, 0.2],
  gamma: [0.5, 1.5],
  moving_mean: [-0.2, 0.2],
  moving_variance: [0.5, 1.5],
};

/** FNV-1a, to derive a per-name seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A small seeded PRNG in [0, 1); Math.random cannot be seeded. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
