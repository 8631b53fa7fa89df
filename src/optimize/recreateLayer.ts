import { registerCustomLayers } from '../runtime/registerCustomLayers.js';
import { tf, type ConfigDict, type Layer } from '../runtime/tf.js';

/**
 * A fresh, unbuilt layer of class `className` made from `config` (as `layer.getConfig()`
 * returns it), through tfjs's serialization map — the same route `tf.loadLayersModel` takes,
 * so stock and registered custom layers (ScaledAdd, LocalResponseNorm) are all covered.
 *
 * @throws Error when no layer class of that name is registered.
 */
export function recreateLayer(className: string, config: ConfigDict): Layer {
  registerCustomLayers();
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (entry === undefined) {
    throw new Error(`optimizeForInference: layer class '${className}' is not registered with tf.serialization`);
  }
  const [cls, fromConfig] = entry;
  const layer = fromConfig(cls, config);
  if (!(layer instanceof tf.layers.Layer)) {
    throw new Error(`optimizeForInference: '${className}' is registered, but not as a layer class`);
  }
  return layer;
}
