import {
  bnAndActivation,
  convAttrs,
  convAttrsSchema,
  convGeometry,
  convLayerConfig,
  convSyntax,
  printConv,
  readConv,
  type ConvAttrs,
} from './convSurface.js';
import type { OpDef } from './OpDef.js';
import { onnxActivation } from './onnxActivation.js';
import { onnxConv } from './onnxConv.js';
import { S } from './schemaParts.js';

/** Attributes of a depthwise-separable 2-D convolution. */
export interface Sepconv2dAttrs extends ConvAttrs {
  depthMultiplier: number;
}

/** `sepconv`: depthwise k×k then pointwise 1×1 (one SeparableConv2D), optional BN and activation. */
export const sepconv2d: OpDef<Sepconv2dAttrs> = {
  op: 'sepconv2d',
  attrsSchema: convAttrsSchema({ depthMultiplier: S.positiveInt }),
  inputs: { min: 1, max: 1 },
  rank: 4,
  infer(a, [x]) {
    const g = convGeometry('sepconv', a, x!);
    if ('code' in g) return g;
    // Depthwise k×k per input channel (× the multiplier), then a pointwise 1×1 to the filters.
    const depthwise = a.kernel[0] * a.kernel[1] * g.c * a.depthMultiplier;
    const pointwise = g.c * a.depthMultiplier * a.filters;
    return {
      shape: [g.oh, g.ow, a.filters],
      params: { trainable: depthwise + pointwise + (a.useBias ? a.filters : 0), nonTrainable: 0 },
      macs: g.oh * g.ow * (depthwise + pointwise),
    };
  },
  tfjs: ({ tf }, name, a) =>
    tf.layers.separableConv2d({ ...convLayerConfig(name, a), depthMultiplier: a.depthMultiplier }),
  onnx(cx, a) {
    const [h, w, c] = cx.inputShapes[0] as [number, number, number];
    const [oh, ow] = cx.shape as [number, number, number];
    const m = a.depthMultiplier;
    // A grouped conv with one group per input channel, then a 1×1 conv to the filters.
    const depthwise = onnxConv(cx, {
      x: cx.inputs[0]!,
      size: [h, w],
      kernel: cx.weight('depthwise_kernel').values,
      kernelShape: [a.kernel[0], a.kernel[1], 1, c * m],
      bias: undefined,
      strides: a.strides,
      dilation: a.dilation,
      padding: a.padding,
      group: c,
      suffix: 'depthwise',
    });
    const y = onnxConv(cx, {
      x: depthwise,
      size: [oh, ow],
      kernel: cx.weight('pointwise_kernel').values,
      kernelShape: [1, 1, c * m, a.filters],
      bias: a.useBias ? cx.weight('bias') : undefined,
      strides: [1, 1],
      dilation: [1, 1],
      padding: 'valid',
      group: 1,
      suffix: 'pointwise',
    });
    return onnxActivation(cx, y, a.activation);
  },
  surface: {
    name: 'sepconv',
    summary: 'depthwise-separable 2-D convolution (depthwise k×k, then pointwise 1×1)',
    syntax: convSyntax({ depth_multiplier: 'int' }, { depth_multiplier: 1 }),
    expand(cx, s, x) {
      const c = readConv(cx, s);
      if (s.get('factorize')) cx.fail('E0404', '`factorize` applies to conv only');
      const y = cx.add('sepconv2d', cx.name, { ...convAttrs(c), depthMultiplier: c.depthMultiplier }, [x]);
      return bnAndActivation(cx, cx.name, y, c.bn, c.act);
    },
    print: (pc) => printConv(pc, 'sepconv'),
  },
};
