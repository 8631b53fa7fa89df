import { ACTIVATIONS } from '../ir/ir.js';
import type { Symbolic } from './evaluate.js';

/** The type an op setting takes; `bn` is an option call (`bn(epsilon=0.001, scale=false)`). */
export type SettingKind = 'int' | 'number' | 'size' | 'padding' | 'activation' | 'bool' | 'bn' | 'factorize';

/** A batch-normalization attachment. */
export interface BnSetting {
  epsilon: number;
  momentum: number;
  center: boolean;
  scale: boolean;
}

/** A resolved setting value (symbolic only in the TypeScript emitter). */
export type Setting = number | string | boolean | [number, number] | BnSetting | Symbolic | null;

/** How a surface op reads its arguments. */
export interface OpSpec {
  /** What the op does, for errors and the language reference. */
  summary: string;
  /** Plain values fill these settings in order (`conv 64 3` → filters, kernel). */
  slots: string[];
  /** The setting a size (`3x3`) fills. */
  dims?: string;
  /** The setting a stride (`/2`) fills. */
  stride?: string;
  /** `key=value` settings and their types. */
  keys: Record<string, SettingKind>;
  /** Bare words and the setting each one sets. */
  flags: Record<string, [string, Setting]>;
  required: string[];
  /** Settings before `defaults` and arguments apply. */
  builtin: Record<string, Setting>;
}

/** Keras's BatchNormalization defaults (tfjs-layers uses the same). */
export const BN_BUILTIN: BnSetting = { epsilon: 0.001, momentum: 0.99, center: true, scale: true };

const activationFlags = Object.fromEntries(ACTIVATIONS.map((a) => [a, ['act', a]])) as Record<string, [string, Setting]>;
const paddingFlags: Record<string, [string, Setting]> = { same: ['padding', 'same'], valid: ['padding', 'valid'] };
const biasFlags: Record<string, [string, Setting]> = { bias: ['bias', true], nobias: ['bias', false] };

const convKeys: Record<string, SettingKind> = {
  filters: 'int', kernel: 'size', stride: 'size', padding: 'padding', act: 'activation', bias: 'bool', bn: 'bn', dilation: 'size',
  factorize: 'factorize',
};
const convBuiltin: Record<string, Setting> = { stride: [1, 1], padding: 'valid', act: 'linear', bias: true, bn: null, dilation: [1, 1], factorize: null };
const convFlags = { ...paddingFlags, ...activationFlags, ...biasFlags, nobn: ['bn', null] as [string, Setting], factorize: ['factorize', 'stacked'] as [string, Setting] };

const poolSpec = (summary: string): OpSpec => ({
  summary,
  slots: ['pool'],
  dims: 'pool',
  stride: 'stride',
  keys: { pool: 'size', stride: 'size', padding: 'padding' },
  flags: paddingFlags,
  required: ['pool'],
  // A missing stride means "the pool size", as in Keras; resolved when lowering.
  builtin: { stride: null, padding: 'valid' },
});

/**
 * Every surface op. Adding one here makes the checker accept it; each backend then fails to
 * compile until it handles the IR op it lowers to.
 */
export const OPS: Record<string, OpSpec> = {
  conv: {
    summary: '2-D convolution, optionally followed by batch normalization and an activation',
    slots: ['filters', 'kernel'],
    dims: 'kernel',
    stride: 'stride',
    keys: convKeys,
    flags: convFlags,
    required: ['filters', 'kernel'],
    builtin: convBuiltin,
  },
  sepconv: {
    summary: 'depthwise-separable 2-D convolution (depthwise k×k, then pointwise 1×1)',
    slots: ['filters', 'kernel'],
    dims: 'kernel',
    stride: 'stride',
    keys: { ...convKeys, depth_multiplier: 'int' },
    flags: convFlags,
    required: ['filters', 'kernel'],
    builtin: { ...convBuiltin, depth_multiplier: 1 },
  },
  maxpool: poolSpec('max pooling'),
  avgpool: poolSpec('average pooling (TensorFlow semantics: padding is not counted)'),
  globalavgpool: { summary: 'global average pooling to one value per channel', slots: [], keys: {}, flags: {}, required: [], builtin: {} },
  globalmaxpool: { summary: 'global max pooling to one value per channel', slots: [], keys: {}, flags: {}, required: [], builtin: {} },
  lrn: {
    summary: 'local response normalization across channels (GoogLeNet); defaults are Caffe\'s LRN with local_size 5',
    slots: [],
    keys: { depth_radius: 'int', bias: 'number', alpha: 'number', beta: 'number' },
    flags: {},
    required: [],
    // Caffe divides alpha by local_size: alpha 1e-4 over 5 channels is 2e-5 per tf.localResponseNormalization.
    builtin: { depth_radius: 2, bias: 1, alpha: 2e-5, beta: 0.75 },
  },
  batchnorm: {
    summary: 'batch normalization over channels',
    slots: [],
    keys: { epsilon: 'number', momentum: 'number', center: 'bool', scale: 'bool' },
    flags: {},
    required: [],
    builtin: { ...BN_BUILTIN },
  },
  act: {
    summary: 'an activation function',
    slots: [],
    keys: { act: 'activation' },
    flags: activationFlags,
    required: ['act'],
    builtin: {},
  },
  dropout: { summary: 'dropout (training only)', slots: ['rate'], keys: { rate: 'number' }, flags: {}, required: ['rate'], builtin: {} },
  flatten: { summary: 'flatten to a vector', slots: [], keys: {}, flags: {}, required: [], builtin: {} },
  dense: {
    summary: 'fully connected layer',
    slots: ['units'],
    keys: { units: 'int', act: 'activation', bias: 'bool' },
    flags: { ...activationFlags, ...biasFlags },
    required: ['units'],
    builtin: { act: 'linear', bias: true },
  },
};

/** Words a `key=value` may take as its value (activations, paddings, factorizations). */
export const VALUE_WORDS: ReadonlySet<string> = new Set([...ACTIVATIONS, 'same', 'valid', 'stacked', 'asymmetric']);

/** Option calls accepted as arguments (`bn(…)`), and the op whose keys they take. */
export const OPTION_CALLS: Record<string, string> = { bn: 'batchnorm' };
