import { ACTIVATION_FLAGS, BIAS_FLAGS } from './convSurface.js';
import { LIMITS } from './limits.js';
import type { OpDef } from './OpDef.js';
import { onnxActivation } from './onnxActivation.js';
import { attrs, S } from './schemaParts.js';
import { tfjsActivationName, type Activation } from './types.js';

/** Attributes of a fully connected layer. */
export interface DenseAttrs {
  units: number;
  useBias: boolean;
  activation: Activation;
}

/** `dense`: a fully connected layer on a vector. */
export const dense: OpDef<DenseAttrs> = {
  op: 'dense',
  attrsSchema: attrs({ units: S.positiveInt, useBias: S.boolean, activation: S.activation }),
  inputs: { min: 1, max: 1 },
  rank: 2,
  infer(a, [x]) {
    if (x!.shape.length !== 1)
      return {
        code: 'E0504',
        message: `'dense' needs a flat input, but '${x!.layer}' gives ${x!.shape.join('x')}`,
        hint: 'add `flatten` or `globalavgpool` before it',
      };
    const n = x!.shape[0]!;
    return {
      shape: [a.units],
      params: { trainable: n * a.units + (a.useBias ? a.units : 0), nonTrainable: 0 },
      macs: n * a.units,
    };
  },
  tfjs: ({ tf }, name, a) =>
    tf.layers.dense({
      name,
      units: a.units,
      useBias: a.useBias,
      activation: tfjsActivationName(a.activation) as 'linear',
    }),
  onnx(cx, a) {
    // tfjs's kernel is [in, units], Gemm's B without transB.
    const kernel = cx.weight('kernel');
    const inputs = [cx.inputs[0]!, cx.floats('kernel', kernel.values, kernel.shape)];
    if (a.useBias) inputs.push(cx.floats('bias', cx.weight('bias').values, [a.units]));
    return onnxActivation(cx, cx.node('Gemm', inputs), a.activation);
  },
  surface: {
    name: 'dense',
    summary: 'fully connected layer',
    syntax: {
      slots: ['units'],
      keys: { units: 'int', act: 'activation', bias: 'bool' },
      flags: { ...ACTIVATION_FLAGS, ...BIAS_FLAGS },
      required: ['units'],
      builtin: { act: 'linear', bias: true },
    },
    expand(cx, s, x) {
      const units = s.get('units') as number;
      cx.range(units, 1, LIMITS.classes, 'units');
      return cx.add(
        'dense',
        cx.name,
        { units, useBias: s.get('bias') as boolean, activation: s.get('act') as Activation },
        [x],
      );
    },
    print(pc) {
      const bias = pc.constant('bias') === true ? '' : `, useBias: ${pc.code('bias')}`;
      return `tf.layers.dense({ name: ${pc.name}, units: ${pc.code('units')}${bias}, activation: ${pc.code('act')} }).apply(${pc.x}) as T`;
    },
  },
};
