import { tf, type Layer, type LayersModel, type SymbolicTensor, type Tensor } from '../runtime/tf.js';
import { FOLDABLE_CLASSES, foldBatchNorm, type BatchNormStats, type FoldableClass } from './foldBatchNorm.js';
import { layerConfig } from './layerConfig.js';
import { keptGraph, type GraphNode, type KeptGraph } from './keptGraph.js';
import { recreateLayer } from './recreateLayer.js';

/** Layers that are the identity at inference, so they are dropped. */
const INFERENCE_IDENTITY = new Set(['Dropout', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);

/** A linear layer with what it absorbs: an optional batch norm, then an optional activation. */
interface Fusion {
  conv: GraphNode;
  bn?: GraphNode;
  act?: GraphNode;
}

/**
 * A new functional model computing `model`'s main output (`outputs[0]`; aux heads are dropped)
 * with fewer, fused layers, for faster inference:
 *
 * - a BatchNormalization over the last axis whose sole input is a Conv2D, DepthwiseConv2D,
 *   SeparableConv2D or Dense with a linear activation, and which is that layer's sole reader,
 *   is folded into its kernel and bias (SeparableConv2D: the pointwise kernel);
 * - an Activation that is the sole reader of such a layer (folded or not) becomes the layer's
 *   own `activation`, so tfjs runs its fused conv/matMul kernels;
 * - Dropout (and the other noise layers that are the identity at inference) is removed, unless
 *   it is the output layer, whose name is kept;
 * - every other layer is re-created from its class name and config, with its weights copied.
 *
 * A fused layer keeps the name of its conv/dense, except when it absorbed the model's output
 * layer: then it takes that layer's name, so the output names are unchanged. The input model
 * is not modified; the new model owns fresh copies of every weight (dispose it on its own).
 */
export function optimizeForInference(model: LayersModel): LayersModel {
  const output = model.outputs[0];
  if (output === undefined) throw new Error('optimizeForInference: the model has no outputs');
  const graph = keptGraph(output);
  const built = new Map<number, SymbolicTensor>();
  const inputs = model.inputs.map((t) => {
    const input = tf.input({ batchShape: t.shape, dtype: t.dtype, name: t.sourceLayer.name });
    built.set(t.id, input);
    return input;
  });
  const absorbed = new Set<GraphNode>();
  const remade = new Map<Layer, Layer>();
  const take = (t: SymbolicTensor): SymbolicTensor => {
    const found = built.get(t.id);
    if (found === undefined) throw new Error(`optimizeForInference: '${t.name}' is not reachable from the inputs`);
    return found;
  };
  for (const node of graph.order) {
    if (absorbed.has(node) || node.inboundLayers.length === 0) continue;
    const layer = node.outboundLayer;
    const [x] = node.inputTensors;
    const [y] = node.outputTensors;
    if (INFERENCE_IDENTITY.has(layer.getClassName()) && x !== undefined && y !== undefined && y.id !== output.id) {
      built.set(y.id, take(x));
      continue;
    }
    const fusion = fusionAt(node, graph, output);
    if (fusion !== undefined) {
      if (fusion.bn) absorbed.add(fusion.bn);
      if (fusion.act) absorbed.add(fusion.act);
      const last = fusion.act ?? fusion.bn ?? fusion.conv;
      built.set(last.outputTensors[0]!.id, applyFusion(fusion, take(x!), output));
      continue;
    }
    let copy = remade.get(layer);
    const fresh = copy === undefined;
    copy ??= recreateLayer(layer.getClassName(), layerConfig(layer));
    remade.set(layer, copy);
    const args = node.inputTensors.map(take);
    const result = copy.apply(args.length === 1 ? args[0]! : args, node.callArgs) as SymbolicTensor | SymbolicTensor[];
    const results = Array.isArray(result) ? result : [result];
    node.outputTensors.forEach((t, i) => built.set(t.id, results[i]!));
    if (fresh && layer.weights.length > 0) copy.setWeights(layer.getWeights());
  }
  return tf.model({ inputs, outputs: take(output), name: model.name });
}

/** The fusion starting at `node`, when it is a foldable layer followed by a batch norm and/or an activation. */
function fusionAt(node: GraphNode, graph: KeptGraph, output: SymbolicTensor): Fusion | undefined {
  const layer = node.outboundLayer;
  if (!isFoldable(layer) || node.inputTensors.length !== 1 || layer.inboundNodes.length !== 1) return undefined;
  const config = layer.getConfig();
  if (config.activation !== 'linear' || (config.dataFormat ?? 'channelsLast') !== 'channelsLast') return undefined;
  const fusion: Fusion = { conv: node };
  let next = soleReader(node, graph, output);
  if (next !== undefined && isFoldableBatchNorm(next)) {
    fusion.bn = next;
    next = soleReader(next, graph, output);
  }
  if (next?.outboundLayer.getClassName() === 'Activation') fusion.act = next;
  return fusion.bn || fusion.act ? fusion : undefined;
}

/** The one kept node reading `node`'s single output, when there is exactly one and it is a layer's only call. */
function soleReader(node: GraphNode, graph: KeptGraph, output: SymbolicTensor): GraphNode | undefined {
  const [y] = node.outputTensors;
  if (node.outputTensors.length !== 1 || y === undefined || y.id === output.id) return undefined;
  const readers = graph.readers.get(y.id) ?? [];
  const reader = readers.length === 1 ? readers[0] : undefined;
  // `null` stands for the model's output, which no layer can absorb.
  if (!reader) return undefined;
  return reader.inputTensors.length === 1 && reader.outboundLayer.inboundNodes.length === 1 ? reader : undefined;
}

function isFoldable(layer: Layer): boolean {
  return (FOLDABLE_CLASSES as readonly string[]).includes(layer.getClassName());
}

/** A batch norm over the last axis (the channels of every foldable layer's output). */
function isFoldableBatchNorm(node: GraphNode): boolean {
  const layer = node.outboundLayer;
  if (layer.getClassName() !== 'BatchNormalization') return false;
  const axis = layer.getConfig().axis;
  const rank = node.inputTensors[0]!.shape.length;
  return axis === -1 || axis === rank - 1;
}

/** Builds the fused layer on `x` and gives it the folded weights. */
function applyFusion(fusion: Fusion, x: SymbolicTensor, output: SymbolicTensor): SymbolicTensor {
  const conv = fusion.conv.outboundLayer;
  const className = conv.getClassName() as FoldableClass;
  const last = fusion.act ?? fusion.bn;
  const config = layerConfig(conv);
  // Keep the output layer's name when it is absorbed, so the model's output names do not change.
  if (last?.outputTensors[0]!.id === output.id) config.name = last.outboundLayer.name;
  if (fusion.bn) config.useBias = true;
  if (fusion.act) config.activation = fusion.act.outboundLayer.getConfig().activation!;
  const layer = recreateLayer(className, config);
  const y = layer.apply(x) as SymbolicTensor;
  const weights = conv.getWeights();
  if (fusion.bn) {
    const folded = foldBatchNorm(weights, conv.getConfig().useBias === true, statsOf(fusion.bn));
    layer.setWeights(folded);
    tf.dispose(folded);
  } else {
    layer.setWeights(weights);
  }
  return y;
}

/** A batch norm layer's weights by role, told apart by their names (`…/gamma`, `…/moving_mean`, …). */
function statsOf(node: GraphNode): BatchNormStats {
  const layer = node.outboundLayer;
  const byRole = new Map<string, Tensor>();
  const values = layer.getWeights();
  layer.weights.forEach((w, i) => byRole.set(w.originalName.slice(w.originalName.lastIndexOf('/') + 1), values[i]!));
  const movingMean = byRole.get('moving_mean');
  const movingVariance = byRole.get('moving_variance');
  if (movingMean === undefined || movingVariance === undefined) {
    throw new Error(`optimizeForInference: batch norm '${layer.name}' has no moving statistics`);
  }
  return {
    gamma: byRole.get('gamma'),
    beta: byRole.get('beta'),
    movingMean,
    movingVariance,
    epsilon: layer.getConfig().epsilon as number,
  };
}
