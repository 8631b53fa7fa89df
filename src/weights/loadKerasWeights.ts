import type { IRModel } from '../ir/ir.js';
import { ModelDirError } from '../runtime/ModelDirError.js';
import { readModelArtifacts } from '../runtime/readModelArtifacts.js';
import { otherClasses } from './otherClasses.js';
import { tf, type Layer, type LayersModel, type NamedTensorMap, type Tensor } from '../runtime/tf.js';

/** Which Keras auto-naming the directory used: 0-based, 1-based, counters already advanced, or none. */
export type KerasNaming = 'tf.keras' | 'keras2' | 'shifted' | 'named';

/** What `loadKerasWeights` did, or why it refused. */
export type KerasWeightsResult =
  | {
      ok: true;
      layers: number;
      weights: number;
      naming: KerasNaming;
      /** Classifier layers left at their fresh weights because the directory's are for other classes. */
      reinitialized: Array<{ layer: string; classes: number }>;
    }
  | { ok: false; message: string; hint: string };

/** Options of `loadKerasWeights`. */
export interface KerasWeightsOptions {
  /**
   * The IR the model was built from. Its layer order is the creation order Keras's auto-names
   * count in; without it the model's own layer creation order (`layer.id`) is used, which is the
   * same for models made by `buildModel` or a compiled module.
   */
  ir?: IRModel;
  /**
   * Fine-tuning: the model's number of classes. A layer whose weights differ from the
   * directory's only in a last dimension of this size (the classifier of the head or of an aux
   * head, trained for other classes) keeps its fresh weights and is listed in `reinitialized`;
   * without it every shape must agree.
   */
  classes?: number;
}

/** Keras's auto-name prefix for each layer class incep builds with weights. */
const AUTO_NAMES: Record<string, string> = {
  Conv2D: 'conv2d',
  SeparableConv2D: 'separable_conv2d',
  BatchNormalization: 'batch_normalization',
  Dense: 'dense',
};

/**
 * Loads the weights of a `tensorflowjs_converter` directory of a Keras model (Keras
 * Applications' InceptionV3 or InceptionResNetV2) into a model incep built.
 *
 * Keras names layers two ways, and both map: layers Keras names itself (`mixed0`,
 * `block35_1_conv`, `conv_7b_bn`, `predictions`) match the incep layer of the same name;
 * auto-named layers (`conv2d_N`, `batch_normalization_N`, …; 0-based `conv2d, conv2d_1, …` in
 * tf.keras, 1-based `conv2d_1, …` in Keras 2) match the remaining incep layers of that class in
 * creation order. Strict: every weight in the directory is used, every model weight is set, and
 * the first name or shape that does not fit is named in the error.
 */
export async function loadKerasWeights(
  model: LayersModel,
  dir: string,
  options: KerasWeightsOptions = {},
): Promise<KerasWeightsResult> {
  let named: NamedTensorMap;
  try {
    const artifacts = await readModelArtifacts(dir);
    if (!artifacts.weightSpecs || !artifacts.weightData) {
      return {
        ok: false,
        message: `'${dir}' has no weights`,
        hint: 'convert the Keras model with tensorflowjs_converter --input_format keras',
      };
    }
    named = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  } catch (e) {
    if (e instanceof ModelDirError)
      return {
        ok: false,
        message: e.message,
        hint: 'pass the directory that holds the converted model.json and its shards',
      };
    throw e;
  }
  try {
    return assign(model, groupByLayer(named), options.ir, options.classes);
  } finally {
    tf.dispose(Object.values(named));
  }
}

function groupByLayer(named: NamedTensorMap): Map<string, Map<string, Tensor>> {
  const layers = new Map<string, Map<string, Tensor>>();
  for (const [name, tensor] of Object.entries(named)) {
    const cut = name.lastIndexOf('/');
    // Converted tf.keras weights may carry a `:0` suffix; Keras 2 files do not.
    const layer = name.slice(0, cut).split('/').pop()!;
    const weight = name.slice(cut + 1).replace(/:\d+$/, '');
    if (!layers.has(layer)) layers.set(layer, new Map());
    layers.get(layer)!.set(weight, tensor);
  }
  return layers;
}

function assign(
  model: LayersModel,
  keras: Map<string, Map<string, Tensor>>,
  ir: IRModel | undefined,
  classes: number | undefined,
): KerasWeightsResult {
  const order = ir ? new Map(ir.layers.map((l, i) => [l.name, i])) : undefined;
  const weighted = model.layers
    .filter((l) => l.weights.length > 0)
    .sort((a, b) => (order ? (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0) : a.id - b.id));

  const plan: Array<[Layer, string]> = [];
  const unmatched: Layer[] = [];
  for (const layer of weighted) {
    if (keras.has(layer.name)) plan.push([layer, layer.name]);
    else unmatched.push(layer);
  }
  const used = new Set(plan.map(([, k]) => k));

  // Auto-named Keras layers, per class, in their counter order.
  const auto = new Map<string, Array<{ name: string; index: number }>>();
  for (const name of keras.keys()) {
    if (used.has(name)) continue;
    const m = /^(conv2d|separable_conv2d|batch_normalization|dense)(?:_(\d+))?$/.exec(name);
    if (!m) {
      return {
        ok: false,
        message: `the weights of Keras layer '${name}' have no layer of that name in the model`,
        hint: 'the spec must name that layer the same way (`as …`), or the weights belong to another architecture',
      };
    }
    const list = auto.get(m[1]!) ?? [];
    list.push({ name, index: m[2] === undefined ? 0 : Number(m[2]) });
    auto.set(m[1]!, list);
  }
  let naming: KerasNaming = 'named';
  for (const [prefix, list] of auto) {
    list.sort((a, b) => a.index - b.index);
    // Counters run without gaps; a gap means a layer's weights are missing from the directory.
    const gap = list.findIndex((e, i) => i > 0 && e.index !== list[i - 1]!.index + 1);
    if (gap > 0) {
      return {
        ok: false,
        message: `auto-named ${prefix} layers skip from '${list[gap - 1]!.name}' to '${list[gap]!.name}'`,
        hint: 'the directory lacks the weights of the layers in between; convert the whole Keras model',
      };
    }
    // tf.keras counts from 0, Keras 2 from 1; a later start is a session that built models before.
    naming = list[0]!.index === 0 ? 'tf.keras' : list[0]!.index === 1 ? 'keras2' : 'shifted';
  }
  for (const [prefix, list] of auto) {
    const candidates = unmatched.filter((l) => AUTO_NAMES[l.getClassName()] === prefix);
    if (candidates.length !== list.length) {
      return {
        ok: false,
        message: `the weights have ${list.length} auto-named ${prefix} layers but the model has ${candidates.length} ${prefix} layers without a Keras name`,
        hint: 'check the spec against the architecture the weights come from (block counts, branches, the head)',
      };
    }
    candidates.forEach((layer, i) => plan.push([layer, list[i]!.name]));
  }
  const planned = new Set(plan.map(([l]) => l));
  const missing = unmatched.find((l) => !planned.has(l));
  if (missing) {
    return {
      ok: false,
      message: `model layer '${missing.name}' (${missing.getClassName()}) gets no weights from the directory`,
      hint: 'the weights belong to a different architecture, or the spec has an extra layer',
    };
  }

  // Check everything before changing anything, so a refusal leaves the model untouched.
  const values: Array<[Layer, Tensor[]]> = [];
  const reinitialized: Array<{ layer: string; classes: number }> = [];
  let count = 0;
  for (const [layer, kerasName] of plan) {
    const given = keras.get(kerasName)!;
    const other = classes === undefined ? undefined : otherClasses(layer, given, classes);
    if (other !== undefined) {
      reinitialized.push({ layer: layer.name, classes: other });
      continue;
    }
    const tensors: Tensor[] = [];
    for (const w of layer.weights) {
      const key = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
      const t = given.get(key);
      if (!t) {
        return {
          ok: false,
          message: `Keras layer '${kerasName}' has no '${key}' for model layer '${layer.name}' (it has ${[...given.keys()].join(', ')})`,
          hint: 'BatchNormalization settings (center/scale) or conv bias must match the Keras model',
        };
      }
      if (t.shape.join('x') !== w.shape.join('x')) {
        return {
          ok: false,
          message: `'${kerasName}/${key}' has shape [${t.shape.join(', ')}] but model layer '${layer.name}' needs [${w.shape.join(', ')}]`,
          hint: 'check filter counts, kernel sizes and --classes against the weights',
        };
      }
      tensors.push(t);
    }
    if (given.size !== layer.weights.length) {
      const extra = [...given.keys()].find((k) => !layer.weights.some((w) => w.originalName.endsWith(`/${k}`)));
      return {
        ok: false,
        message: `Keras weight '${kerasName}/${extra}' has no place in model layer '${layer.name}'`,
        hint: 'BatchNormalization settings (center/scale) or conv bias must match the Keras model',
      };
    }
    values.push([layer, tensors]);
    count += tensors.length;
  }
  for (const [layer, tensors] of values) layer.setWeights(tensors);
  return { ok: true, layers: values.length, weights: count, naming, reinitialized };
}
