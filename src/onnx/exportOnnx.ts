import { basename } from 'node:path';
import onnxProto from 'onnx-proto';
import type { IRLayer, IRModel } from '../ir/ir.js';
import { reachableLayers } from '../ir/reachableLayers.js';
import { foldBatchNormValues } from '../optimize/foldBatchNormValues.js';
import { opDef } from '../ops/registry.js';
import type { LayersModel } from '../runtime/tf.js';
import { batchNormFolds } from './batchNormFolds.js';
import type { OnnxWeight } from './OnnxContext.js';
import { OnnxGraph, type OnnxValueInfo } from './OnnxGraph.js';
import { layerWeights } from './layerWeights.js';

const { onnx } = onnxProto;

/** The opset the graph is written for: Clip's and Unsqueeze's tensor inputs, Softmax on one axis. */
export const ONNX_OPSET = 13;
/** IR version 7 (ONNX 1.8) is the one that introduced opset 13. */
const ONNX_IR_VERSION = onnx.Version.IR_VERSION_2020_5_8;

/** Options of {@link exportOnnx}. */
export interface ExportOnnxOptions {
  /** Add the aux heads as outputs after the main one. Ignored with `optimize`. Default false. */
  aux?: boolean;
  /** Fold batch norms into the layer before them and leave out the aux heads. Default false. */
  optimize?: boolean;
}

/**
 * ONNX model bytes (opset 13) of `ir` with the weights of `model`, a LayersModel that buildModel
 * made from the same IR (random or loaded weights).
 *
 * The graph input keeps the tfjs input's name and NHWC layout `[N, H, W, C]` (N dynamic) and is
 * transposed once to NCHW, the layout ONNX's Conv and pools take; each op writes its own nodes
 * (`onnx` in src/ops/<op>.ts). Outputs are named after the IR's output layers — the main one,
 * then the aux heads' with `aux` — and a spatial output is transposed back to NHWC, so every
 * output equals the tfjs model's. Dropout is the identity. With `optimize`, a batch norm whose
 * input is a conv, sepconv or dense read by nothing else is folded into its weights (the math of
 * `optimizeForInference`); onnxruntime fuses the activations itself.
 *
 * @throws Error when `model` lacks a layer or weight the IR needs (it was built from another IR).
 */
export function exportOnnx(ir: IRModel, model: LayersModel, options: ExportOnnxOptions = {}): Uint8Array {
  const optimize = options.optimize === true;
  const outputs = [ir.outputs.main, ...(options.aux === true && !optimize ? ir.outputs.aux.map((a) => a.output) : [])];
  const kept = reachableLayers(ir, outputs);
  const folds = optimize ? batchNormFolds(ir, kept, outputs) : new Map<string, IRLayer>();
  const foldedAway = new Set([...folds.values()].map((bn) => bn.name));
  const byName = new Map(ir.layers.map((l) => [l.name, l]));
  const graph = new OnnxGraph();
  const values = new Map<string, string>();
  const inputs: OnnxValueInfo[] = [];

  for (const layer of ir.layers) {
    if (!kept.has(layer.name)) continue;
    if (layer.op === 'input') {
      const name = model.inputNames[0] ?? layer.name;
      graph.fresh(name);
      inputs.push({ name, dims: dimsOf(layer) });
      values.set(
        layer.name,
        graph.node('Transpose', [name], { perm: { ints: [0, 3, 1, 2] } }, undefined, `${name}/nchw`),
      );
      continue;
    }
    if (foldedAway.has(layer.name)) {
      // Its conv already wrote the normalized values.
      values.set(layer.name, values.get(layer.inputs[0]!)!);
      continue;
    }
    let weights: readonly OnnxWeight[] = hasWeights(layer) ? layerWeights(model, layer) : [];
    let attrs = layer.attrs;
    const bn = folds.get(layer.name);
    if (bn !== undefined) {
      weights = folded(weights, (layer.attrs as { useBias: boolean }).useBias, bn, layerWeights(model, bn));
      attrs = { ...attrs, useBias: true } as typeof attrs;
    }
    const cx = graph.context({
      name: layer.name,
      inputs: layer.inputs.map((i) => values.get(i)!),
      inputShapes: layer.inputs.map((i) => dimsOf(byName.get(i)!)),
      shape: dimsOf(layer),
      weights,
    });
    values.set(layer.name, opDef(layer.op).onnx(cx, attrs));
  }

  const outputInfo = outputs.map((name): OnnxValueInfo => {
    const layer = byName.get(name)!;
    const dims = dimsOf(layer);
    const value = values.get(name)!;
    // Back to tfjs's NHWC for a spatial output; otherwise only the name changes.
    if (dims.length === 3) graph.node('Transpose', [value], { perm: { ints: [0, 2, 3, 1] } }, name);
    else graph.node('Identity', [value], {}, name);
    return { name, dims };
  });

  const proto = onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'incep',
    docString: `${ir.name}, compiled by incep from ${basename(ir.source)}`,
    graph: graph.toGraph(ir.name, inputs, outputInfo),
  });
  return onnx.ModelProto.encode(proto).finish();
}

/** A layer's IR shape without the batch dimension. */
function dimsOf(layer: IRLayer): number[] {
  return layer.shape.slice(1) as number[];
}

function hasWeights(layer: IRLayer): boolean {
  return layer.params.trainable + layer.params.nonTrainable > 0;
}

/** A conv / sepconv / dense's weights with the batch norm `bn` (and its tfjs weights) folded in. */
function folded(
  weights: readonly OnnxWeight[],
  hasBias: boolean,
  bn: IRLayer,
  bnWeights: readonly OnnxWeight[],
): OnnxWeight[] {
  const role = (r: string) => bnWeights.find((w) => w.role === r)?.values;
  const movingMean = role('moving_mean');
  const movingVariance = role('moving_variance');
  if (movingMean === undefined || movingVariance === undefined)
    throw new Error(`ONNX export: the batch norm '${bn.name}' has no moving statistics`);
  const gamma = role('gamma');
  const beta = role('beta');
  const result = foldBatchNormValues(weights, hasBias, {
    movingMean,
    movingVariance,
    epsilon: (bn.attrs as { epsilon: number }).epsilon,
    ...(gamma ? { gamma } : {}),
    ...(beta ? { beta } : {}),
  });
  // The roles stay the layer's own, the bias now always there.
  const roles = [...weights.slice(0, hasBias ? -1 : undefined).map((w) => w.role), 'bias'];
  return result.map((w, i) => ({ ...w, role: roles[i]! }));
}
