import { NO_PARAMS, notSpatial, type OpDef } from './OpDef.js';
import { attrs } from './schemaParts.js';

/** Global pooling has no attributes. */
export type GlobalPoolAttrs = Record<string, never>;

/** Global average and max pooling differ only in the tfjs layer they make. */
export function globalPoolOp(
  op: 'globalavgpool' | 'globalmaxpool',
  summary: string,
  layer: 'globalAveragePooling2d' | 'globalMaxPooling2d',
): OpDef<GlobalPoolAttrs> {
  return {
    op,
    attrsSchema: attrs({}),
    inputs: { min: 1, max: 1 },
    rank: 2,
    infer(_a, [x]) {
      const problem = notSpatial(op, x!);
      if (problem) return problem;
      return { shape: [x!.shape[2]!], params: { ...NO_PARAMS }, macs: 0 };
    },
    tfjs: ({ tf }, name) => tf.layers[layer]({ name }),
    // ONNX keeps a 1×1 map, tfjs gives [N, C].
    onnx: (cx) =>
      cx.node('Flatten', [cx.node(op === 'globalavgpool' ? 'GlobalAveragePool' : 'GlobalMaxPool', cx.inputs)], {
        axis: { int: 1 },
      }),
    surface: {
      name: op,
      summary,
      syntax: { slots: [], keys: {}, flags: {}, required: [], builtin: {} },
      expand: (cx, _s, x) => cx.add(op, cx.name, {}, [x]),
      print: (pc) => `tf.layers.${layer}({ name: ${pc.name} }).apply(${pc.x}) as T`,
    },
  };
}
