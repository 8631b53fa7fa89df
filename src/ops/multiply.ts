import { NO_PARAMS, type OpDef } from './OpDef.js';
import { attrs } from './schemaParts.js';

/** The product has no attributes. */
export type MultiplyAttrs = Record<string, never>;

/**
 * `multiply`: scales the enclosing block instance's input by the tensor that reaches the op,
 * broadcasting — a per-channel vector `[C]` (or a `1x1xC` map) scales every position, as
 * Squeeze-and-Excitation's gate does. Inputs are `[block input, gate]`; the output has the block
 * input's shape. tfjs-layers' Multiply broadcasts the lower-rank gate from the right.
 */
export const multiply: OpDef<MultiplyAttrs> = {
  op: 'multiply',
  attrsSchema: attrs({}),
  inputs: { min: 2, max: 2 },
  infer(_a, [x, gate]) {
    const xs = x!.shape;
    const gs = gate!.shape;
    const c = xs[xs.length - 1];
    const fits =
      gs[gs.length - 1] === c &&
      (gs.length === 1 || (gs.length === xs.length && gs.slice(0, -1).every((d, i) => d === 1 || d === xs[i])));
    if (!fits) {
      return {
        code: 'E0506',
        message: `'multiply' scales the block input (${xs.join('x')}) by '${gate!.layer}' (${gs.join('x')}), which does not broadcast to it`,
        hint: `the gate needs the block input's ${c} channels, e.g. \`dense in sigmoid\` after \`globalavgpool\``,
      };
    }
    return { shape: [...xs], params: { ...NO_PARAMS }, macs: 0 };
  },
  tfjs: ({ tf }, name) => tf.layers.multiply({ name }),
  onnx(cx) {
    const [x, gate] = cx.inputs as [string, string];
    // A [N, C] gate on an NCHW map broadcasts only as [N, C, 1, 1] (tfjs broadcasts from the right, NHWC).
    const spread =
      cx.inputShapes[0]!.length === 3 && cx.inputShapes[1]!.length === 1
        ? cx.node('Unsqueeze', [gate, cx.int64s('axes', [2, 3])])
        : gate;
    return cx.node('Mul', [x, spread]);
  },
  surface: {
    name: 'multiply',
    summary: "multiplies the enclosing block's input by this tensor, broadcasting (a per-channel gate)",
    syntax: { slots: [], keys: {}, flags: {}, required: [], builtin: {} },
    expand(cx, _s, x) {
      const input = cx.blockInput;
      if (!input)
        return cx.fail(
          'E0506',
          '`multiply` scales the input of the block it stands in, and stands outside any block',
          'put it at the end of a block body, e.g. a Squeeze-and-Excitation block',
        );
      return cx.add('multiply', cx.name, {}, [input, x]);
    },
    print: (pc) => `tf.layers.multiply({ name: ${pc.name} }).apply([${pc.helper('blockInput')}, ${pc.x}]) as T`,
  },
};
