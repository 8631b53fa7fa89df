import type { LayersModel } from './tf.js';

/**
 * tfjs-layers 4.22's `SeparableConv.getConfig` leaves out `depthMultiplier`, so a saved
 * SeparableConv2D with a multiplier above 1 (Inception v2's stem) reloads with 1 and its weights
 * no longer fit. The multipliers are read off the live layers and written back into the topology
 * under Keras's key, which tfjs reads when loading.
 */
export function separableDepthMultipliers(model: LayersModel): Map<string, number> {
  const out = new Map<string, number>();
  for (const layer of model.layers) {
    const dm = (layer as { depthMultiplier?: unknown }).depthMultiplier;
    if (layer.getClassName() === 'SeparableConv2D' && typeof dm === 'number') out.set(layer.name, dm);
  }
  return out;
}

/** Writes the multipliers read by {@link separableDepthMultipliers} into a saved topology's layer configs. */
export function restoreDepthMultipliers(topology: unknown, multipliers: ReadonlyMap<string, number>): void {
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
