import type { IRLayer } from '../ir/ir.js';
import type { LayersModel } from '../runtime/tf.js';
import type { OnnxWeight } from './OnnxContext.js';

/**
 * The weights of the tfjs layer made for the IR layer `ir`, in tfjs order, each with its role
 * (the last part of its `originalName`: tfjs makes `name` unique process-wide, the original
 * keeps `kernel`, `gamma`…). Throws when `model` has no such layer, or one of another output
 * shape: it was not built from the same IR (or without the aux heads asked for).
 */
export function layerWeights(model: LayersModel, ir: IRLayer): OnnxWeight[] {
  let layer;
  try {
    layer = model.getLayer(ir.name);
  } catch {
    throw new Error(
      `ONNX export: the tfjs model has no layer '${ir.name}'; build it from the same IR (with aux: true to export the aux heads)`,
    );
  }
  const shape = JSON.stringify(layer.outputShape);
  if (shape !== JSON.stringify(ir.shape))
    throw new Error(
      `ONNX export: the tfjs layer '${ir.name}' gives ${shape}, the IR ${JSON.stringify(ir.shape)}; build the model from the same IR`,
    );
  return layer.weights.map((w) => ({
    role: w.originalName.slice(w.originalName.lastIndexOf('/') + 1),
    values: w.read().dataSync() as Float32Array,
    shape: w.shape as number[],
  }));
}
