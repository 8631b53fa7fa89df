import { convOutputLength } from './convOutputLength.js';
import {
  bnAndActivation,
  convSyntax,
  expandFactorized,
  printConv,
  readConv,
  type ConvSpec,
  type Factorization,
} from './convSurface.js';
import { notSpatial, type ExpandContext, type OpDef, type Tensor } from './OpDef.js';
import { attrs, S } from './schemaParts.js';
import { tfjsActivationName, type Activation, type Pair, type Padding } from './types.js';

/** Attributes of a 2-D convolution. */
export interface Conv2dAttrs {
  filters: number;
  kernel: Pair;
  strides: Pair;
  padding: Padding;
  dilation: Pair;
  useBias: boolean;
  activation: Activation;
}

/** One conv layer with its BN and activation. */
function convLayers(cx: ExpandContext, name: string, x: Tensor, c: ConvSpec): Tensor {
  const y = cx.add(
    'conv2d',
    name,
    {
      filters: c.filters,
      kernel: c.kernel,
      strides: c.strides,
      padding: c.padding,
      dilation: c.dilation,
      useBias: c.useBias,
      activation: c.bn ? 'linear' : c.act,
    },
    [x],
  );
  return bnAndActivation(cx, name, y, c.bn, c.act);
}

/** `conv`: Conv2D, then optional batch normalization and activation; `factorize` splits it. */
export const conv2d: OpDef<Conv2dAttrs> = {
  op: 'conv2d',
  attrsSchema: attrs({
    filters: S.positiveInt,
    kernel: S.pair,
    strides: S.pair,
    padding: S.padding,
    dilation: S.pair,
    useBias: S.boolean,
    activation: S.activation,
  }),
  inputs: { min: 1, max: 1 },
  rank: 4,
  infer(a, [x]) {
    const problem = notSpatial('conv', x!);
    if (problem) return problem;
    const [h, w, c] = x!.shape as [number, number, number];
    const oh = convOutputLength(h, a.kernel[0], a.padding, a.strides[0], a.dilation[0]);
    const ow = convOutputLength(w, a.kernel[1], a.padding, a.strides[1], a.dilation[1]);
    return {
      shape: [oh, ow, a.filters],
      params: { trainable: a.kernel[0] * a.kernel[1] * c * a.filters + (a.useBias ? a.filters : 0), nonTrainable: 0 },
      macs: oh * ow * a.kernel[0] * a.kernel[1] * c * a.filters,
    };
  },
  tfjs: ({ tf }, name, a) =>
    tf.layers.conv2d({
      name,
      filters: a.filters,
      kernelSize: a.kernel,
      strides: a.strides,
      padding: a.padding,
      dilationRate: a.dilation,
      useBias: a.useBias,
      activation: tfjsActivationName(a.activation) as 'linear',
    }),
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
