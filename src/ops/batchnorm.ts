import { addBatchNorm } from './convSurface.js';
import type { OpDef } from './OpDef.js';
import { attrs, S } from './schemaParts.js';
import { BN_BUILTIN, type BnSetting } from './types.js';

/** Attributes of batch normalization over channels. */
export type BatchnormAttrs = BnSetting;

/** `batchnorm`: batch normalization over the last axis (Keras's BatchNormalization). */
export const batchnorm: OpDef<BatchnormAttrs> = {
  op: 'batchnorm',
  attrsSchema: attrs({
    epsilon: { type: 'number', exclusiveMinimum: 0 },
    momentum: { type: 'number', minimum: 0, maximum: 1 },
    center: S.boolean,
    scale: S.boolean,
  }),
  inputs: { min: 1, max: 1 },
  infer(a, [x]) {
    const c = x!.shape[x!.shape.length - 1]!;
    // gamma and beta train; the moving mean and variance do not.
    return {
      shape: x!.shape.slice(),
      params: { trainable: c * (Number(a.center) + Number(a.scale)), nonTrainable: 2 * c },
      macs: 0,
    };
  },
  tfjs: ({ tf }, name, a) =>
    tf.layers.batchNormalization({
      name,
      axis: -1,
      epsilon: a.epsilon,
      momentum: a.momentum,
      center: a.center,
      scale: a.scale,
    }),
  onnx(cx, a) {
    const mean = cx.weight('moving_mean');
    const variance = cx.weight('moving_variance');
    const c = mean.values.length;
    // Without scale / center tfjs has no gamma / beta weight: they are 1 and 0.
    const gamma = a.scale ? cx.weight('gamma').values : new Float32Array(c).fill(1);
    const beta = a.center ? cx.weight('beta').values : new Float32Array(c);
    const inputs = [
      cx.inputs[0]!,
      cx.floats('gamma', gamma, [c]),
      cx.floats('beta', beta, [c]),
      cx.floats('moving_mean', mean.values, [c]),
      cx.floats('moving_variance', variance.values, [c]),
    ];
    return cx.node('BatchNormalization', inputs, { epsilon: { float: a.epsilon } });
  },
  surface: {
    name: 'batchnorm',
    summary: 'batch normalization over channels',
    syntax: {
      slots: [],
      keys: { epsilon: 'number', momentum: 'number', center: 'bool', scale: 'bool' },
      flags: {},
      required: [],
      builtin: { ...BN_BUILTIN },
    },
    expand: (cx, s, x) =>
      addBatchNorm(cx, cx.name, x, {
        epsilon: s.get('epsilon') as number,
        momentum: s.get('momentum') as number,
        center: s.get('center') as boolean,
        scale: s.get('scale') as boolean,
      }),
    print: (pc) =>
      `tf.layers.batchNormalization({ name: ${pc.name}, axis: -1, epsilon: ${pc.code('epsilon')}, momentum: ${pc.code('momentum')}, center: ${pc.code('center')}, scale: ${pc.code('scale')} }).apply(${pc.x}) as T`,
  },
};
