import {
  bnAndActivation,
  convAttrs,
  convAttrsSchema,
  convGeometry,
  convLayerConfig,
  convSyntax,
  expandFactorized,
  printConv,
  readConv,
  type ConvAttrs,
  type ConvSpec,
  type Factorization,
} from './convSurface.js';
import type { ExpandContext, OpDef, Tensor } from './OpDef.js';
import { onnxActivation } from './onnxActivation.js';
import { onnxConv } from './onnxConv.js';

/** Attributes of a 2-D convolution. */
export type Conv2dAttrs = ConvAttrs;

/** One conv layer with its BN and activation. */
function convLayers(cx: ExpandContext, name: string, x: Tensor, c: ConvSpec): Tensor {
  return bnAndActivation(cx, name, cx.add('conv2d', name, convAttrs(c), [x]), c.bn, c.act);
}

/** `conv`: Conv2D, then optional batch normalization and activation; `factorize` splits it. */
export const conv2d: OpDef<Conv2dAttrs> = {
  op: 'conv2d',
  attrsSchema: convAttrsSchema(),
  inputs: { min: 1, max: 1 },
  rank: 4,
  infer(a, [x]) {
    const g = convGeometry('conv', a, x!);
    if ('code' in g) return g;
    const weights = a.kernel[0] * a.kernel[1] * g.c * a.filters;
    return {
      shape: [g.oh, g.ow, a.filters],
      params: { trainable: weights + (a.useBias ? a.filters : 0), nonTrainable: 0 },
      macs: g.oh * g.ow * weights,
    };
  },
  tfjs: ({ tf }, name, a) => tf.layers.conv2d(convLayerConfig(name, a)),
  onnx(cx, a) {
    const [h, w, c] = cx.inputShapes[0] as [number, number, number];
    const y = onnxConv(cx, {
      x: cx.inputs[0]!,
      size: [h, w],
      kernel: cx.weight('kernel').values,
      kernelShape: [a.kernel[0], a.kernel[1], c, a.filters],
      bias: a.useBias ? cx.weight('bias') : undefined,
      strides: a.strides,
      dilation: a.dilation,
      padding: a.padding,
      group: 1,
      suffix: 'kernel',
    });
    return onnxActivation(cx, y, a.activation);
  },
  surface: {
    name: 'conv',
    summary: '2-D convolution, optionally followed by batch normalization and an activation',
    syntax: convSyntax(),
    expand(cx, s, x) {
      const conv = readConv(cx, s);
      const how = s.get('factorize') as Factorization | null;
      if (!how) return convLayers(cx, cx.name, x, conv);
      return expandFactorized(cx, x, conv, how, (name, y, c) => convLayers(cx, name, y, c));
    },
    print: (pc) => printConv(pc, 'conv'),
  },
};
