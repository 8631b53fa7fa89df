import { tf, type LayersModel } from '../runtime/tf.js';

/**
 * Re-draws every kernel of a model from Glorot-uniform — Keras's default initializer for Conv2D,
 * SeparableConv2D and Dense — with a seed, so a run is repeatable: `U(−l, l)`,
 * `l = √(6 / (fan_in + fan_out))`, the fans counted as Keras does (the receptive field times the
 * input or output channels). Biases, BatchNorm and everything else keep their initial values.
 */
export function seedWeights(model: LayersModel, seed: number): void {
  model.weights.forEach((w, i) => {
    if (!w.originalName.endsWith('kernel') || !w.trainable) return;
    const shape = w.shape as number[];
    const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    const fanIn = shape[shape.length - 2]! * receptive;
    const fanOut = shape[shape.length - 1]! * receptive;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const value = tf.randomUniform(shape, -limit, limit, 'float32', seed + i);
    w.write(value);
    value.dispose();
  });
}
