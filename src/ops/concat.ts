import { NO_PARAMS, type OpDef } from './OpDef.js';
import { attrs } from './schemaParts.js';

/** Concatenation has no attributes (always on channels). */
export type ConcatAttrs = Record<string, never>;

/** The output of a block's branches or a split's groups: concatenation on channels. */
export const concat: OpDef<ConcatAttrs> = {
  op: 'concat',
  attrsSchema: attrs({}),
  inputs: { min: 2 },
  infer(_a, xs) {
    const first = xs[0]!.shape;
    const channels = xs.reduce((sum, x) => sum + x.shape[x.shape.length - 1]!, 0);
    return { shape: [...first.slice(0, -1), channels], params: { ...NO_PARAMS }, macs: 0 };
  },
  tfjs: ({ tf }, name) => tf.layers.concatenate({ name, axis: -1 }),
  // The channels, tfjs's last axis, are axis 1 in both NCHW and [N, F].
  onnx: (cx) => cx.node('Concat', cx.inputs, { axis: { int: 1 } }),
};
