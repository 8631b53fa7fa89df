import { LIMITS } from './limits.js';
import { NO_PARAMS, notSpatial, type OpDef } from './OpDef.js';
import { attrs, S } from './schemaParts.js';

/** Attributes of local response normalization (tf.nn.local_response_normalization's). */
export interface LrnAttrs {
  depthRadius: number;
  bias: number;
  alpha: number;
  beta: number;
}

/** `lrn`: local response normalization across channels (GoogLeNet); incep's LocalResponseNorm layer. */
export const lrn: OpDef<LrnAttrs> = {
  op: 'lrn',
  attrsSchema: attrs({ depthRadius: S.count, bias: S.number, alpha: S.number, beta: S.number }),
  inputs: { min: 1, max: 1 },
  rank: 4,
  infer(_a, [x]) {
    return notSpatial('lrn', x!) ?? { shape: [...x!.shape], params: { ...NO_PARAMS }, macs: 0 };
  },
  tfjs: ({ LocalResponseNorm }, name, a) => new LocalResponseNorm({ name, ...a }),
  onnx(cx, a) {
    // ONNX divides alpha by the window size (Caffe's convention); tfjs does not.
    const size = 2 * a.depthRadius + 1;
    return cx.node('LRN', cx.inputs, {
      size: { int: size },
      alpha: { float: a.alpha * size },
      beta: { float: a.beta },
      bias: { float: a.bias },
    });
  },
  surface: {
    name: 'lrn',
    summary: "local response normalization across channels (GoogLeNet); defaults are Caffe's LRN with local_size 5",
    syntax: {
      slots: [],
      keys: { depth_radius: 'int', bias: 'number', alpha: 'number', beta: 'number' },
      flags: {},
      required: [],
      // Caffe divides alpha by local_size: alpha 1e-4 over 5 channels is 2e-5 per tf.localResponseNormalization.
      builtin: { depth_radius: 2, bias: 1, alpha: 2e-5, beta: 0.75 },
    },
    expand(cx, s, x) {
      const a: LrnAttrs = {
        depthRadius: s.get('depth_radius') as number,
        bias: s.get('bias') as number,
        alpha: s.get('alpha') as number,
        beta: s.get('beta') as number,
      };
      cx.range(a.depthRadius, 0, LIMITS.kernel, 'depth_radius');
      if (!(a.bias > 0)) cx.fail('E0404', `the LRN bias must be above 0, found ${a.bias}`);
      if (!(a.alpha >= 0)) cx.fail('E0404', `the LRN alpha must be 0 or more, found ${a.alpha}`);
      return cx.add('lrn', cx.name, a, [x]);
    },
    print: (pc) =>
      `new ${pc.helper('LocalResponseNorm')}({ name: ${pc.name}, depthRadius: ${pc.code('depth_radius')}, bias: ${pc.code('bias')}, alpha: ${pc.code('alpha')}, beta: ${pc.code('beta')} }).apply(${pc.x}) as T`,
  },
};
