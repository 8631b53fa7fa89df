import type { IRLayer, IRModel } from '../ir/ir.js';

/** IR ops a following batch norm folds into, and the tfjs class each builds. */
const FOLDABLE_OPS: ReadonlySet<string> = new Set(['conv2d', 'sepconv2d', 'dense']);

/**
 * The batch norms an optimized export folds away, keyed by the conv / sepconv / dense layer
 * that absorbs each (its name → the batch norm's layer). A batch norm folds when its one input
 * is such a layer with a linear activation (an activation before the BN is not linear in the
 * fold) and that layer's only reader among `kept` is the BN, and the layer is not an output
 * (its own value must then survive).
 */
export function batchNormFolds(
  ir: IRModel,
  kept: ReadonlySet<string>,
  outputs: readonly string[],
): Map<string, IRLayer> {
  const readers = new Map<string, number>(outputs.map((o) => [o, 1]));
  for (const layer of ir.layers) {
    if (!kept.has(layer.name)) continue;
    for (const i of layer.inputs) readers.set(i, (readers.get(i) ?? 0) + 1);
  }
  const byName = new Map(ir.layers.map((l) => [l.name, l]));
  const folds = new Map<string, IRLayer>();
  for (const bn of ir.layers) {
    if (bn.op !== 'batchnorm' || !kept.has(bn.name) || bn.inputs.length !== 1) continue;
    const source = byName.get(bn.inputs[0]!);
    if (source === undefined || !FOLDABLE_OPS.has(source.op) || readers.get(source.name) !== 1) continue;
    if ((source.attrs as { activation?: string }).activation !== 'linear') continue;
    folds.set(source.name, bn);
  }
  return folds;
}
