import { NO_PARAMS, type OpDef } from './OpDef.js';
import { attrs } from './schemaParts.js';

/** Attributes of dropout. */
export interface DropoutAttrs {
  rate: number;
}

/** `dropout`: zeroes a fraction of the values while training; nothing at inference. */
export const dropout: OpDef<DropoutAttrs> = {
  op: 'dropout',
  attrsSchema: attrs({ rate: { type: 'number', minimum: 0, exclusiveMaximum: 1 } }),
  inputs: { min: 1, max: 1 },
  infer: (_a, [x]) => ({ shape: [...x!.shape], params: { ...NO_PARAMS }, macs: 0 }),
  tfjs: ({ tf }, name, a) => tf.layers.dropout({ name, rate: a.rate }),
  // The identity at inference: the layer's output is its input.
  onnx: (cx) => cx.inputs[0]!,
  surface: {
    name: 'dropout',
    summary: 'dropout (training only)',
    syntax: { slots: ['rate'], keys: { rate: 'number' }, flags: {}, required: ['rate'], builtin: {} },
    expand(cx, s, x) {
      const rate = s.get('rate') as number;
      if (!(rate >= 0 && rate < 1))
        cx.fail('E0404', `a dropout rate is from 0 (inclusive) to 1 (exclusive), found ${rate}`);
      return cx.add('dropout', cx.name, { rate }, [x]);
    },
    print: (pc) => `tf.layers.dropout({ name: ${pc.name}, rate: ${pc.code('rate')} }).apply(${pc.x}) as T`,
  },
};
