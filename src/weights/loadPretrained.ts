import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { IRModel } from '../ir/ir.js';
import { tf, type Layer, type LayersModel } from '../runtime/tf.js';
import { CHECKPOINT_MARKER, readCheckpoint } from '../train/checkpoint.js';
import { loadKerasWeights, type KerasNaming } from './loadKerasWeights.js';
import { otherClasses } from './otherClasses.js';

/** What `loadPretrained` set, and what it left at the model's own (fresh) weights. */
export type PretrainedResult =
  | {
      ok: true;
      /** An incep checkpoint (`training.json`) or a tensorflowjs_converter directory of a Keras model. */
      source: 'checkpoint' | KerasNaming;
      /** Layers whose weights were loaded. */
      layers: number;
      /** Classifier layers kept fresh because the weights are for another number of classes. */
      reinitialized: Array<{ layer: string; classes: number }>;
      /** Layers the weights have nothing for (the aux heads of a Keras model): kept fresh. */
      fresh: string[];
      /** The checkpoint's class names, when it has them. */
      labels?: string[];
    }
  | { ok: false; message: string; hint: string };

/**
 * Loads pretrained weights into a model to fine-tune it: an incep checkpoint (matched by weight
 * name; aux heads included) or a Keras model converted by tensorflowjs_converter (matched as
 * `loadKerasWeights` does, on the model's main path: Keras Applications have no aux heads, which
 * stay fresh). With `classes`, a classifier trained for another number of classes is left at its
 * fresh weights and reported instead of refused. Everything else must fit, and a refusal leaves
 * the model untouched.
 */
export async function loadPretrained(
  model: LayersModel,
  dir: string,
  options: { ir?: IRModel; classes?: number } = {},
): Promise<PretrainedResult> {
  const isCheckpoint = await stat(join(dir, CHECKPOINT_MARKER)).then(
    () => true,
    () => false,
  );
  if (isCheckpoint) return fromCheckpoint(model, dir, options.classes);
  const main = model.outputs.length > 1 ? tf.model({ inputs: model.inputs, outputs: model.outputs[0]! }) : model;
  const loaded = await loadKerasWeights(main, dir, options);
  if (!loaded.ok) return loaded;
  const onMain = new Set(main.layers.map((l) => l.name));
  return {
    ok: true,
    source: loaded.naming,
    layers: loaded.layers,
    reinitialized: loaded.reinitialized,
    fresh: model.layers.filter((l) => l.weights.length > 0 && !onMain.has(l.name)).map((l) => l.name),
  };
}

async function fromCheckpoint(model: LayersModel, dir: string, classes: number | undefined): Promise<PretrainedResult> {
  const read = await readCheckpoint(dir);
  if (!read.ok) return { ...read, hint: 'pass a checkpoint directory that incep train wrote' };
  const saved = new Map<string, Map<string, { shape: number[]; values: Float32Array }>>();
  for (const w of read.checkpoint.weights) {
    const cut = w.name.lastIndexOf('/');
    const layer = w.name.slice(0, cut);
    if (!saved.has(layer)) saved.set(layer, new Map());
    saved.get(layer)!.set(w.name.slice(cut + 1), w);
  }
  const plan: Array<[Layer, Float32Array[]]> = [];
  const reinitialized: Array<{ layer: string; classes: number }> = [];
  const fresh: string[] = [];
  for (const layer of model.layers.filter((l) => l.weights.length > 0)) {
    const given = saved.get(layer.name);
    if (!given) {
      fresh.push(layer.name);
      continue;
    }
    const other = classes === undefined ? undefined : otherClasses(layer, given, classes);
    if (other !== undefined) {
      reinitialized.push({ layer: layer.name, classes: other });
      continue;
    }
    const values: Float32Array[] = [];
    for (const w of layer.weights) {
      const key = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
      const t = given.get(key);
      if (t?.shape.join('x') !== w.shape.join('x')) {
        return {
          ok: false,
          message: t
            ? `checkpoint weight '${layer.name}/${key}' has shape [${t.shape.join(', ')}] but the model needs [${w.shape.join(', ')}]`
            : `the checkpoint has no '${key}' for model layer '${layer.name}'`,
          hint: 'build the model as the run did: the same spec, --input and --width',
        };
      }
      values.push(t.values);
    }
    plan.push([layer, values]);
  }
  if (plan.length === 0)
    return {
      ok: false,
      message: `no layer of the model has weights in the checkpoint '${dir}'`,
      hint: 'the checkpoint was trained from another spec',
    };
  for (const [layer, values] of plan) {
    const tensors = values.map((v, i) => tf.tensor(v, layer.weights[i]!.shape as number[]));
    layer.setWeights(tensors);
    tf.dispose(tensors);
  }
  return {
    ok: true,
    source: 'checkpoint',
    layers: plan.length,
    reinitialized,
    fresh,
    ...(read.checkpoint.info.labels ? { labels: read.checkpoint.info.labels } : {}),
  };
}
