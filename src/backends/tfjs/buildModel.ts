import type { IRModel } from '../../ir/ir.js';
import { reachableLayers } from '../../ir/reachableLayers.js';
import { opDef } from '../../ops/registry.js';
import { LocalResponseNorm } from '../../runtime/layers/LocalResponseNorm.js';
import { ScaledAdd } from '../../runtime/layers/ScaledAdd.js';
import { tf, type LayersModel, type SymbolicTensor } from '../../runtime/tf.js';

/** Options of `buildModel`. */
export interface BuildOptions {
  /** Add the aux heads as extra outputs after the main one (training builds). Default false. */
  aux?: boolean;
  /** Keep the head; when false the model ends at the last body layer (features). Default true. */
  includeTop?: boolean;
}

const KIT = { tf, ScaledAdd, LocalResponseNorm };

/**
 * Builds a live `tf.LayersModel` from the IR with the functional API: one tfjs layer per IR
 * layer, made by the op's definition — a standard one where it exists (Conv2D,
 * BatchNormalization, …), the project's registered custom layers otherwise (ScaledAdd,
 * LocalResponseNorm). Layer names are the IR's. Only the layers that
 * reach the requested outputs are built, so an inference build carries no aux weights.
 */
export function buildModel(ir: IRModel, options: BuildOptions = {}): LayersModel {
  const outputs = [options.includeTop === false ? ir.outputs.features : ir.outputs.main];
  if (options.aux) outputs.push(...ir.outputs.aux.map((a) => a.output));
  const needed = reachableLayers(ir, outputs);
  const tensors = new Map<string, SymbolicTensor>();
  let input: SymbolicTensor | undefined;
  for (const layer of ir.layers) {
    if (!needed.has(layer.name)) continue;
    if (layer.op === 'input') {
      input = tf.input({ shape: layer.shape.slice(1), name: layer.name });
      tensors.set(layer.name, input);
      continue;
    }
    const inputs = layer.inputs.map((n) => tensors.get(n)!);
    // Each op's definition makes its tfjs layer (src/ops/<op>.ts).
    const made = opDef(layer.op).tfjs(KIT, layer.name, layer.attrs);
    const applied = made.apply(inputs.length === 1 ? inputs[0]! : inputs) as SymbolicTensor;
    tensors.set(layer.name, applied);
  }
  return tf.model({ inputs: input!, outputs: outputs.map((n) => tensors.get(n)!), name: ir.name });
}
