import { ACTIVATION_FLAGS } from './convSurface.js';
import { onnxActivation } from './onnxActivation.js';
import { NO_PARAMS, type OpDef } from './OpDef.js';
import { attrs, S } from './schemaParts.js';
import { tfjsActivationName, type Activation } from './types.js';

/** Attributes of an activation layer. */
export interface ActivationAttrs {
  activation: Activation;
}

/** `act`: an activation function on its own (a conv's fused one needs no layer). */
export const activation: OpDef<ActivationAttrs> = {
  op: 'activation',
  attrsSchema: attrs({ activation: S.activation }),
  inputs: { min: 1, max: 1 },
  infer: (_a, [x]) => ({ shape: x!.shape.slice(), params: { ...NO_PARAMS }, macs: 0 }),
  tfjs: ({ tf }, name, a) => tf.layers.activation({ name, activation: tfjsActivationName(a.activation) as 'linear' }),
  onnx: (cx, a) => onnxActivation(cx, cx.inputs[0]!, a.activation),
  surface: {
    name: 'act',
    summary: 'an activation function',
    syntax: { slots: [], keys: { act: 'activation' }, flags: ACTIVATION_FLAGS, required: ['act'], builtin: {} },
    expand: (cx, s, x) => cx.add('activation', cx.name, { activation: s.get('act') as Activation }, [x]),
    print: (pc) => `tf.layers.activation({ name: ${pc.name}, activation: ${pc.code('act')} }).apply(${pc.x}) as T`,
  },
};
