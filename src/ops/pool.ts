import { convOutputLength } from './convOutputLength.js';
import { PADDING_FLAGS } from './convSurface.js';
import { NO_PARAMS, notSpatial, type OpDef, type SurfaceDef } from './OpDef.js';
import { onnxPads } from './onnxPads.js';
import { attrs, S } from './schemaParts.js';
import { LIMITS } from './limits.js';
import type { Pair, Padding } from './types.js';

/** Attributes of a pooling window. */
export interface PoolAttrs {
  pool: Pair;
  strides: Pair;
  padding: Padding;
}

/** Max and average pooling differ only in the tfjs layer they make. */
export function poolOp(
  op: 'maxpool' | 'avgpool',
  summary: string,
  layer: 'maxPooling2d' | 'averagePooling2d',
): OpDef<PoolAttrs> {
  const surface: SurfaceDef = {
    name: op,
    summary,
    syntax: {
      slots: ['pool'],
      dims: 'pool',
      stride: 'stride',
      keys: { pool: 'size', stride: 'size', padding: 'padding' },
      flags: PADDING_FLAGS,
      required: ['pool'],
      // A missing stride means "the pool size", as in Keras.
      builtin: { stride: null, padding: 'valid' },
    },
    expand(cx, s, x) {
      const pool = s.get('pool') as Pair;
      const strides = (s.get('stride') as Pair | null) ?? pool;
      pool.forEach((k) => cx.range(k, 1, LIMITS.kernel, 'pool size'));
      strides.forEach((k) => cx.range(k, 1, LIMITS.kernel, 'stride'));
      return cx.add(op, cx.name, { pool, strides, padding: s.get('padding') as Padding }, [x]);
    },
    print: (pc) => {
      const strides = pc.constant('stride') === null ? pc.code('pool') : pc.code('stride');
      return `tf.layers.${layer}({ name: ${pc.name}, poolSize: ${pc.code('pool')}, strides: ${strides}, padding: ${pc.code('padding')} }).apply(${pc.x}) as T`;
    },
  };
  return {
    op,
    attrsSchema: attrs({ pool: S.pair, strides: S.pair, padding: S.padding }),
    inputs: { min: 1, max: 1 },
    rank: 4,
    infer(a, [x]) {
      const problem = notSpatial(op, x!);
      if (problem) return problem;
      const [h, w, c] = x!.shape as [number, number, number];
      return {
        shape: [
          convOutputLength(h, a.pool[0], a.padding, a.strides[0]),
          convOutputLength(w, a.pool[1], a.padding, a.strides[1]),
          c,
        ],
        params: { ...NO_PARAMS },
        macs: 0,
      };
    },
    tfjs: ({ tf }, name, a) => tf.layers[layer]({ name, poolSize: a.pool, strides: a.strides, padding: a.padding }),
    onnx(cx, a) {
      const [h, w] = cx.inputShapes[0] as [number, number, number];
      const window = {
        kernel_shape: { ints: a.pool },
        strides: { ints: a.strides },
        pads: { ints: onnxPads([h, w], a.pool, a.strides, a.padding) },
      };
      if (op === 'maxpool') return cx.node('MaxPool', cx.inputs, window);
      // TensorFlow's same average pooling divides by the values inside the input only.
      return cx.node('AveragePool', cx.inputs, { ...window, count_include_pad: { int: 0 } });
    },
    surface,
  };
}
