import { NO_PARAMS, type OpDef } from './OpDef.js';
import { attrs } from './schemaParts.js';

/** Flatten has no attributes. */
export type FlattenAttrs = Record<string, never>;

/** `flatten`: a height × width × channels map to one vector, in NHWC order. */
export const flatten: OpDef<FlattenAttrs> = {
  op: 'flatten',
  attrsSchema: attrs({}),
  inputs: { min: 1, max: 1 },
  rank: 2,
  infer(_a, [x]) {
    if (x!.shape.length < 2)
      return {
        code: 'E0504',
        message: `'flatten' needs a height x width x channels input, but '${x!.layer}' is already flat (${x!.shape.join('x')})`,
        hint: 'drop the `flatten`',
      };
    return { shape: [x!.shape.reduce((a, b) => a * b, 1)], params: { ...NO_PARAMS }, macs: 0 };
  },
  tfjs: ({ tf }, name) => tf.layers.flatten({ name }),
  onnx(cx) {
    // tfjs flattens NHWC: back to that order first, or a following dense reads permuted features.
    const x =
      cx.inputShapes[0]!.length === 3
        ? cx.node('Transpose', cx.inputs, { perm: { ints: [0, 2, 3, 1] } })
        : cx.inputs[0]!;
    return cx.node('Flatten', [x], { axis: { int: 1 } });
  },
  surface: {
    name: 'flatten',
    summary: 'flatten to a vector',
    syntax: { slots: [], keys: {}, flags: {}, required: [], builtin: {} },
    expand: (cx, _s, x) => cx.add('flatten', cx.name, {}, [x]),
    print: (pc) => `tf.layers.flatten({ name: ${pc.name} }).apply(${pc.x}) as T`,
  },
};
