import {
  ACTIVATIONS,
  tfjsActivationName,
  type Activation,
  type BnSetting,
  type Pair,
  type Padding,
  type Setting,
  type SettingKind,
  type Settings,
} from './types.js';
import { convOutputLength } from './convOutputLength.js';
import {
  notSpatial,
  type ExpandContext,
  type OpSyntax,
  type PrintContext,
  type ShapeProblem,
  type Tensor,
} from './OpDef.js';
import { attrs, S } from './schemaParts.js';
import { LIMITS } from './limits.js';

/** How `factorize` splits an n×n conv. */
export type Factorization = 'stacked' | 'asymmetric';

/** Bare words that set an activation. */
export const ACTIVATION_FLAGS: Readonly<Record<string, readonly [string, Setting]>> = Object.fromEntries(
  ACTIVATIONS.map((a) => [a, ['act', a] as const]),
);
/** Bare words that set a padding. */
export const PADDING_FLAGS: Readonly<Record<string, readonly [string, Setting]>> = {
  same: ['padding', 'same'],
  valid: ['padding', 'valid'],
};
/** `bias` / `nobias`. */
export const BIAS_FLAGS: Readonly<Record<string, readonly [string, Setting]>> = {
  bias: ['bias', true],
  nobias: ['bias', false],
};

const CONV_KEYS: Readonly<Record<string, SettingKind>> = {
  filters: 'int',
  kernel: 'size',
  stride: 'size',
  padding: 'padding',
  act: 'activation',
  bias: 'bool',
  bn: 'bn',
  dilation: 'size',
  factorize: 'factorize',
};

/** The syntax `conv` and `sepconv` share; `extra` adds keys and built-ins. */
export function convSyntax(
  extraKeys: Record<string, SettingKind> = {},
  extraBuiltin: Record<string, Setting> = {},
): OpSyntax {
  return {
    slots: ['filters', 'kernel'],
    dims: 'kernel',
    stride: 'stride',
    keys: { ...CONV_KEYS, ...extraKeys },
    flags: {
      ...PADDING_FLAGS,
      ...ACTIVATION_FLAGS,
      ...BIAS_FLAGS,
      nobn: ['bn', null],
      factorize: ['factorize', 'stacked'],
    },
    required: ['filters', 'kernel'],
    builtin: {
      stride: [1, 1],
      padding: 'valid',
      act: 'linear',
      bias: true,
      bn: null,
      dilation: [1, 1],
      factorize: null,
      ...extraBuiltin,
    },
  };
}

/** A conv or sepconv with its settings read and range-checked. */
export interface ConvSpec {
  filters: number;
  kernel: Pair;
  strides: Pair;
  dilation: Pair;
  padding: Padding;
  act: Activation;
  bn: BnSetting | null;
  useBias: boolean;
  depthMultiplier: number;
}

/** Reads and checks the settings a conv-like op shares (E0404 for values out of range). */
export function readConv(cx: ExpandContext, s: Settings): ConvSpec {
  const conv: ConvSpec = {
    filters: cx.filters(s.get('filters') as number),
    kernel: s.get('kernel') as Pair,
    strides: s.get('stride') as Pair,
    dilation: s.get('dilation') as Pair,
    padding: s.get('padding') as Padding,
    act: s.get('act') as Activation,
    bn: s.get('bn') as BnSetting | null,
    useBias: s.get('bias') as boolean,
    depthMultiplier: (s.get('depth_multiplier') as number | undefined) ?? 1,
  };
  cx.range(conv.filters, 1, LIMITS.filters, 'filters');
  conv.kernel.forEach((k) => cx.range(k, 1, LIMITS.kernel, 'kernel size'));
  conv.strides.forEach((k) => cx.range(k, 1, LIMITS.kernel, 'stride'));
  conv.dilation.forEach((k) => cx.range(k, 1, LIMITS.kernel, 'dilation'));
  cx.range(conv.depthMultiplier, 1, LIMITS.filters, 'depth_multiplier');
  if (conv.strides.some((v) => v > 1) && conv.dilation.some((v) => v > 1)) {
    cx.fail(
      'E0404',
      'a stride above 1 cannot be combined with a dilation above 1',
      'TensorFlow computes one or the other; use stride 1 with dilation, or dilation 1 with a stride',
    );
  }
  return conv;
}

/**
 * The normalization and activation after a conv-like layer: with BN, `<name>_bn` and then
 * `<name>_ac` (left out for `linear`), as Keras's conv2d_bn; without BN the activation is fused
 * into the conv, so nothing follows.
 */
export function bnAndActivation(
  cx: ExpandContext,
  name: string,
  y: Tensor,
  bn: BnSetting | null,
  act: Activation,
): Tensor {
  if (!bn) return y;
  const normed = addBatchNorm(cx, `${name}_bn`, y, bn);
  if (act === 'linear') return normed;
  return cx.add('activation', `${name}_ac`, { activation: act }, [normed]);
}

/** A batch normalization layer, its settings checked. */
export function addBatchNorm(cx: ExpandContext, name: string, x: Tensor, bn: BnSetting): Tensor {
  if (!(bn.epsilon > 0)) cx.fail('E0404', `batch normalization's epsilon must be above 0, found ${bn.epsilon}`);
  if (!(bn.momentum >= 0 && bn.momentum <= 1))
    cx.fail('E0404', `batch normalization's momentum must be from 0 to 1, found ${bn.momentum}`);
  return cx.add('batchnorm', name, { epsilon: bn.epsilon, momentum: bn.momentum, center: bn.center, scale: bn.scale }, [
    x,
  ]);
}

/**
 * The kernels `factorize` turns an n×n conv into (Rethinking the Inception Architecture, §3):
 * (n−1)/2 stacked 3×3 (Figure 5) or a 1×n then an n×1 (Figure 6). Shared by instantiation and
 * the runtime's conv helper, so a generated module factorizes exactly as the compiler does.
 */
export function factorKernels(how: Factorization, n: number): Pair[] {
  return how === 'stacked'
    ? Array.from({ length: (n - 1) / 2 }, (): Pair => [3, 3])
    : [
        [1, n],
        [n, 1],
      ];
}

/** Why `factorize` cannot apply to a kernel, if it cannot (the message and a hint). */
export function factorizeProblem(how: Factorization, kernel: Pair, dilation: Pair): [string, string?] | undefined {
  const [n, m] = kernel;
  if (dilation.some((d) => d !== 1)) return ['`factorize` needs dilation 1'];
  if (n !== m)
    return [
      `\`factorize\` takes a square kernel, found ${n}x${m}`,
      'write the factors out instead, e.g. `conv 64 1x7; conv 64 7x1`',
    ];
  if (how === 'stacked' && (n < 5 || n % 2 === 0)) {
    return [
      `\`factorize=stacked\` needs an odd kernel of 5 or more, found ${n}x${n}`,
      n === 3 ? 'a 3x3 conv is already the factor; use `factorize=asymmetric` for 1x3 + 3x1' : undefined,
    ];
  }
  if (how === 'asymmetric' && n < 2) return ['`factorize=asymmetric` needs a kernel of 2 or more'];
  return undefined;
}

/**
 * Expands a factorized conv: every factor keeps the filters, padding, bias, BN and activation;
 * the stride goes on the last one, so the output size is the n×n conv's. Factors are named
 * `<name>_f1`, `_f2`, …; a note (N0501) reports the MACs against the n×n conv.
 */
export function expandFactorized(
  cx: ExpandContext,
  x: Tensor,
  conv: ConvSpec,
  how: Factorization,
  one: (name: string, x: Tensor, conv: ConvSpec) => Tensor,
): Tensor {
  const problem = factorizeProblem(how, conv.kernel, conv.dilation);
  if (problem) cx.fail('E0404', problem[0], problem[1]);
  const n = conv.kernel[0];
  const kernels = factorKernels(how, n);
  let y = x;
  let macs = 0;
  kernels.forEach((kernel, i) => {
    const name = `${cx.name}_f${i + 1}`;
    y = one(name, y, { ...conv, kernel, strides: i === kernels.length - 1 ? conv.strides : [1, 1] });
    macs += cx.macs(name);
  });
  const [oh, ow] = y.shape as [number, number, number];
  const whole = oh * ow * n * n * (x.shape[2] ?? 0) * conv.filters;
  const factors = how === 'stacked' ? `${kernels.length} stacked 3x3` : `1x${n} + ${n}x1`;
  const change = Math.round((100 * Math.abs(whole - macs)) / whole);
  // A strided factorization can cost more: its first factors run at the input resolution.
  cx.note(
    'N0501',
    `${n}x${n} factorized into ${factors}: ${macs.toLocaleString('en-US')} MACs instead of ${whole.toLocaleString('en-US')} (${change}% ${macs <= whole ? 'fewer' : 'more'})`,
  );
  return y;
}

/** The option fields of a conv-like op in generated code, in a fixed order. */
export function convOptionFields(pc: PrintContext, sep: boolean): Record<string, string> {
  const fields: Record<string, string> = {
    strides: pc.code('stride'),
    padding: pc.code('padding'),
    dilation: pc.code('dilation'),
    useBias: pc.code('bias'),
    activation: pc.code('act'),
    bn: pc.code('bn'),
  };
  if (sep) fields['depthMultiplier'] = pc.code('depth_multiplier');
  return fields;
}

/** The default option fields of a conv-like op, in the same order. */
export function convDefaultFields(pc: PrintContext, sep: boolean): Record<string, string> {
  const keys: Array<[string, string]> = [
    ['strides', 'stride'],
    ['padding', 'padding'],
    ['dilation', 'dilation'],
    ['useBias', 'bias'],
    ['activation', 'act'],
    ['bn', 'bn'],
  ];
  if (sep) keys.push(['depthMultiplier', 'depth_multiplier']);
  return Object.fromEntries(keys.map(([field, key]) => [field, pc.defaultsCode(key)]));
}

/** `b.conv(x, name, filters, kernel, options)`, the factorization spelled out when it is known. */
export function printConv(pc: PrintContext, helper: 'conv' | 'sepconv'): string {
  const sep = helper === 'sepconv';
  const fields = convOptionFields(pc, sep);
  const defaults = convDefaultFields(pc, sep);
  const fn = pc.helper(helper);
  const how = pc.constant('factorize');
  if (how === null)
    return `${fn}(${pc.x}, ${pc.name}, ${pc.code('filters')}, ${pc.code('kernel')}, ${pc.options(fields, defaults)})`;
  const kernel = pc.constant('kernel') as Pair | undefined;
  const dilation = pc.constant('dilation') as Pair | undefined;
  if (typeof how === 'string' && kernel && dilation && !factorizeProblem(how as Factorization, kernel, dilation)) {
    // Known when generating: the factors as nested calls, the stride on the last.
    const kernels = factorKernels(how as Factorization, kernel[0]);
    const inner = pc.options({ ...fields, strides: '[1, 1]' }, defaults);
    const outer = pc.options(fields, defaults);
    return kernels.reduce(
      (acc, k, i) =>
        `${fn}(${acc}, ${pc.nameWith(`_f${i + 1}`)}, ${pc.code('filters')}, [${k.join(', ')}], ${i === kernels.length - 1 ? outer : inner})`,
      pc.x,
    );
  }
  // Taken from a parameter: the runtime helper factorizes exactly as the compiler does.
  return `${fn}(${pc.x}, ${pc.name}, ${pc.code('filters')}, ${pc.code('kernel')}, ${pc.options({ ...fields, factorize: pc.code('factorize') }, defaults)})`;
}

/** The attributes every conv-like IR op has. */
export interface ConvAttrs {
  filters: number;
  kernel: Pair;
  strides: Pair;
  padding: Padding;
  dilation: Pair;
  useBias: boolean;
  activation: Activation;
}

/** The JSON Schema properties of `ConvAttrs`, plus an op's own. */
export function convAttrsSchema(extra: Record<string, object> = {}): object {
  return attrs({
    filters: S.positiveInt,
    kernel: S.pair,
    strides: S.pair,
    padding: S.padding,
    dilation: S.pair,
    ...extra,
    useBias: S.boolean,
    activation: S.activation,
  });
}

/**
 * The output height and width of a conv-like layer and its input channels (tfjs's
 * `convOutputLength` per axis), or E0504 when the input is not height × width × channels.
 */
export function convGeometry(
  op: string,
  a: ConvAttrs,
  x: Tensor,
): { oh: number; ow: number; c: number } | ShapeProblem {
  const problem = notSpatial(op, x);
  if (problem) return problem;
  const [h, w, c] = x.shape as [number, number, number];
  return {
    oh: convOutputLength(h, a.kernel[0], a.padding, a.strides[0], a.dilation[0]),
    ow: convOutputLength(w, a.kernel[1], a.padding, a.strides[1], a.dilation[1]),
    c,
  };
}

/** The tfjs config fields every conv-like layer shares. */
export function convLayerConfig(name: string, a: ConvAttrs) {
  return {
    name,
    filters: a.filters,
    kernelSize: a.kernel,
    strides: a.strides,
    padding: a.padding,
    dilationRate: a.dilation,
    useBias: a.useBias,
    activation: tfjsActivationName(a.activation) as 'linear',
  };
}

/** A conv-like layer's attributes from a read conv: the activation is fused only without BN. */
export function convAttrs(c: ConvSpec): ConvAttrs {
  return {
    filters: c.filters,
    kernel: c.kernel,
    strides: c.strides,
    padding: c.padding,
    dilation: c.dilation,
    useBias: c.useBias,
    activation: c.bn ? 'linear' : c.act,
  };
}
