import type { Activation, IRLayer, IRModel } from '../ir/ir.js';
import { tfjsActivationName } from '../ir/tfjsActivationName.js';
import { LocalResponseNorm } from '../runtime/layers/LocalResponseNorm.js';
import { ScaledAdd } from '../runtime/layers/ScaledAdd.js';
import { tf, type LayersModel, type SymbolicTensor } from '../runtime/tf.js';

/** Options of `buildModel`. */
export interface BuildOptions {
  /** Add the aux heads as extra outputs after the main one (training builds). Default false. */
  aux?: boolean;
  /** Keep the head; when false the model ends at the last body layer (features). Default true. */
  includeTop?: boolean;
}

type TfActivation = Parameters<typeof tf.layers.activation>[0]['activation'];

/**
 * Builds a live `tf.LayersModel` from the IR with the functional API: one standard tfjs layer per
 * IR layer where one exists (Conv2D, BatchNormalization, …), the project's registered custom
 * layers otherwise (ScaledAdd, LocalResponseNorm). Layer names are the IR's. Only the layers that
 * reach the requested outputs are built, so an inference build carries no aux weights.
 */
export function buildModel(ir: IRModel, options: BuildOptions = {}): LayersModel {
  const outputs = [options.includeTop === false ? ir.outputs.features : ir.outputs.main];
  if (options.aux) outputs.push(...ir.outputs.aux.map((a) => a.output));
  const needed = reachable(ir, outputs);
  const tensors = new Map<string, SymbolicTensor>();
  let input: SymbolicTensor | undefined;
  for (const layer of ir.layers) {
    if (!needed.has(layer.name)) continue;
    if (layer.op === 'input') {
      input = tf.input({ shape: layer.shape.slice(1) as number[], name: layer.name });
      tensors.set(layer.name, input);
      continue;
    }
    const inputs = layer.inputs.map((n) => tensors.get(n)!);
    const applied = makeLayer(layer).apply(inputs.length === 1 ? inputs[0]! : inputs) as SymbolicTensor;
    tensors.set(layer.name, applied);
  }
  return tf.model({ inputs: input!, outputs: outputs.map((n) => tensors.get(n)!), name: ir.name });
}

/** The tfjs layer for one IR layer; the `switch` is exhaustive, so a new op fails to compile here. */
function makeLayer(layer: Exclude<IRLayer, { op: 'input' }>): { apply: (x: SymbolicTensor | SymbolicTensor[]) => unknown } {
  const name = layer.name;
  switch (layer.op) {
    case 'conv2d': {
      const a = layer.attrs;
      return tf.layers.conv2d({
        name, filters: a.filters, kernelSize: a.kernel, strides: a.strides, padding: a.padding, dilationRate: a.dilation,
        useBias: a.useBias, activation: tfActivation(a.activation),
      });
    }
    case 'sepconv2d': {
      const a = layer.attrs;
      return tf.layers.separableConv2d({
        name, filters: a.filters, kernelSize: a.kernel, strides: a.strides, padding: a.padding, dilationRate: a.dilation,
        depthMultiplier: a.depthMultiplier, useBias: a.useBias, activation: tfActivation(a.activation),
      });
    }
    case 'batchnorm': {
      const a = layer.attrs;
      return tf.layers.batchNormalization({ name, axis: -1, epsilon: a.epsilon, momentum: a.momentum, center: a.center, scale: a.scale });
    }
    case 'activation':
      return tf.layers.activation({ name, activation: tfActivation(layer.attrs.activation) });
    case 'maxpool':
      return tf.layers.maxPooling2d({ name, poolSize: layer.attrs.pool, strides: layer.attrs.strides, padding: layer.attrs.padding });
    case 'avgpool':
      return tf.layers.averagePooling2d({ name, poolSize: layer.attrs.pool, strides: layer.attrs.strides, padding: layer.attrs.padding });
    case 'globalavgpool':
      return tf.layers.globalAveragePooling2d({ name });
    case 'globalmaxpool':
      return tf.layers.globalMaxPooling2d({ name });
    case 'lrn':
      return new LocalResponseNorm({ name, ...layer.attrs });
    case 'dropout':
      return tf.layers.dropout({ name, rate: layer.attrs.rate });
    case 'flatten':
      return tf.layers.flatten({ name });
    case 'dense':
      return tf.layers.dense({ name, units: layer.attrs.units, useBias: layer.attrs.useBias, activation: tfActivation(layer.attrs.activation) });
    case 'concat':
      return tf.layers.concatenate({ name, axis: -1 });
    case 'scaledadd':
      return new ScaledAdd({ name, scale: layer.attrs.scale });
    default: {
      const unhandled: never = layer;
      throw new Error(`internal: no tfjs layer for ${JSON.stringify(unhandled)}`);
    }
  }
}

/** The tfjs activation of an IR activation. */
function tfActivation(a: Activation): TfActivation {
  return tfjsActivationName(a) as TfActivation;
}

/** Layers that the given outputs depend on. */
function reachable(ir: IRModel, outputs: readonly string[]): Set<string> {
  const byName = new Map(ir.layers.map((l) => [l.name, l]));
  const seen = new Set<string>();
  const stack = [...outputs];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(byName.get(n)?.inputs ?? []));
  }
  return seen;
}
