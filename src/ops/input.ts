import type { OpDef } from './OpDef.js';
import { attrs } from './schemaParts.js';

/** The input layer has no attributes; its shape is the model's input. */
export type InputAttrs = Record<string, never>;

/** The network's input; the builders make it with `tf.input`, so it has no layer of its own here. */
export const input: OpDef<InputAttrs> = {
  op: 'input',
  attrsSchema: attrs({}),
  inputs: { min: 0, max: 0 },
  rank: 4,
  infer: () => {
    throw new Error('internal: the input layer is made by instantiation, not inferred');
  },
  tfjs: () => {
    throw new Error('internal: the input layer is made with tf.input');
  },
  onnx: () => {
    throw new Error('internal: the ONNX exporter makes the graph input');
  },
};
