import { tf } from './tf.js';
import { LocalResponseNorm } from './layers/LocalResponseNorm.js';
import { ScaledAdd } from './layers/ScaledAdd.js';

const CUSTOM_LAYERS = [ScaledAdd, LocalResponseNorm] as const;

/**
 * Ensures incep's custom layers are in tfjs's serialization map, so
 * `tf.loadLayersModel` can rebuild models whose `model.json` names them.
 *
 * Importing the layer modules already registers them; this call exists so
 * generated code states the dependency explicitly instead of relying on an
 * import side effect a bundler might drop. Idempotent. It also re-registers
 * when the map holds a different class under the same name, which happens when
 * two copies of this runtime are loaded (e.g. `src/` under tsx and `dist/`),
 * so the copy doing the loading wins.
 *
 * @returns the registered class names, in registration order.
 */
export function registerCustomLayers(): readonly string[] {
  const registered = tf.serialization.SerializationMap.getMap().classNameMap;
  for (const cls of CUSTOM_LAYERS) {
    if (registered[cls.className]?.[0] !== cls) {
      tf.serialization.registerClass(cls);
    }
  }
  return CUSTOM_LAYERS.map((cls) => cls.className);
}
