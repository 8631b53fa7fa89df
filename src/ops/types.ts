/**
 * The vocabulary every phase shares: activations, paddings, sizes, batch-normalization settings
 * and the concrete values ops are instantiated with. Pure types and constants, no tfjs.
 */

/** Activations every backend supports (tfjs-layers names, Keras spelling). */
export const ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'sigmoid',
  'hard_sigmoid',
  'tanh',
  'softmax',
  'softplus',
  'softsign',
  'swish',
  'gelu',
] as const;
/** An activation name. */
export type Activation = (typeof ACTIVATIONS)[number];

/** Padding as tfjs-layers understands it. */
export type Padding = 'same' | 'valid';

/** A height × width pair: kernel, stride, dilation, pool. */
export type Pair = [number, number];

/** A batch-normalization attachment (or the settings of a standalone one). */
export interface BnSetting {
  epsilon: number;
  momentum: number;
  center: boolean;
  scale: boolean;
}

/** Keras's BatchNormalization defaults (tfjs-layers uses the same). */
export const BN_BUILTIN: BnSetting = { epsilon: 0.001, momentum: 0.99, center: true, scale: true };

/** A value of the language: a number, a word (`relu`, `same`) or a boolean. */
export type Value = number | string | boolean;

/** A concrete setting of an op, once every expression is evaluated. */
export type Setting = Value | Pair | BnSetting | null;

/** The concrete settings of one op, by name. */
export type Settings = ReadonlyMap<string, Setting>;

/** The type an op setting takes; `bn` is an option call (`bn(epsilon=0.001, scale=false)`). */
export type SettingKind = 'int' | 'number' | 'size' | 'padding' | 'activation' | 'bool' | 'bn' | 'factorize';

/** An output shape without the batch dimension. */
export type Shape = readonly number[];

/** The name tfjs-layers gives an activation: Keras's spelling except `hard_sigmoid`. */
export function tfjsActivationName(activation: string): string {
  return activation === 'hard_sigmoid' ? 'hardSigmoid' : activation;
}

/** `35x35x256` */
export function formatShape(shape: Shape): string {
  return shape.join('x');
}
