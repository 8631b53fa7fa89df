import type { ConfigDict, Layer } from '../runtime/tf.js';

/**
 * `layer.getConfig()`, completed where tfjs leaves something out: tfjs-layers 4.22's
 * `SeparableConv.getConfig` omits `depthMultiplier`, so a copy of Inception v2's stem
 * (multiplier 8) would be built with 1 and its weights would not fit. The live layer has it.
 */
export function layerConfig(layer: Layer): ConfigDict {
  const config: ConfigDict = { ...layer.getConfig() };
  const dm = (layer as { depthMultiplier?: unknown }).depthMultiplier;
  if (config.depthMultiplier === undefined && typeof dm === 'number') config.depthMultiplier = dm;
  return config;
}
