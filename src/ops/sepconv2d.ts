import { convOutputLength } from './convOutputLength.js';
import { bnAndActivation, convSyntax, printConv, readConv } from './convSurface.js';
import { notSpatial, type OpDef } from './OpDef.js';
import { attrs, S } from './schemaParts.js';
import { tfjsActivationName, type Activation, type Pair, type Padding } from './types.js';

/** Attributes of a depthwise-separable 2-D convolution. */
export interface Sepconv2dAttrs {
  filters: number;
  kernel: Pair;
  strides: Pair;
  padding: Padding;
  dilation: Pair;
  depthMultiplier: number;
  useBias: boolean;
  activation: Activation;
}

/** `sepconv`: depthwise k×k then pointwise 1×1 (one SeparableConv2D), optional BN and activation. */
export const sepconv2d: OpDef<Sepconv2dAttrs> = {
  op: 'sepconv2d',
  attrsSchema: attrs({
    filters: S.positiveInt,
    kernel: S.pair,
    strides: S.pair,
    padding: S.padding,
    dilation: S.pair,
    depthMultiplier: S.positiveInt,
    useBias: S.boolean,
    activation: S.activation,
  }),
  inputs: { min: 1, max: 1 },
  rank: 4,
  infer(a, [x]) {
    const problem = notSpatial('sepconv', x!);
    if (problem) return problem;
    const [h, w, c] = x!.shape as [number, number, number];
    const oh = convOutputLength(h, a.kernel[0], a.padding, a.strides[0], a.dilation[0]);
    const ow = convOutputLength(w, a.kernel[1], a.padding, a.strides[1], a.dilation[1]);
    const dm = a.depthMultiplier;
    return {
      shape: [oh, ow, a.filters],
      params: {
        trainable: a.kernel[0] * a.kernel[1] * c * dm + c * dm * a.filters + (a.useBias ? a.filters : 0),
        nonTrainable: 0,
      },
      macs: oh * ow * (a.kernel[0] * a.kernel[1] * c * dm + c * dm * a.filters),
    };
  },
  tfjs: ({ tf }, name, a) =>
    tf.layers.separableConv2d({
      name,
      filters: a.filters,
      kernelSize: a.kernel,
      strides: a.strides,
      padding: a.padding,
      dilationRate: a.dilation,
      depthMultiplier: a.depthMultiplier,
      useBias: a.useBias,
      activation: tfjsActivationName(a.activation) as 'linear',
    }),
  surface: {
    name: 'sepconv',
    summary: 'depthwise-separable 2-D convolution (depthwise k×k, then pointwise 1×1)',
    syntax: convSyntax({ depth_multiplier: 'int' }, { depth_multiplier: 1 }),
    expand(cx, s, x) {
      const c = readConv(cx, s);
      if (s.get('factorize')) cx.fail('E0404', '`factorize` applies to conv only');
      const y = cx.add(
        'sepconv2d',
        cx.name,
        {
          filters: c.filters,
          kernel: c.kernel,
          strides: c.strides,
          padding: c.padding,
          dilation: c.dilation,
          depthMultiplier: c.depthMultiplier,
          useBias: c.useBias,
          activation: c.bn ? 'linear' : c.act,
        },
        [x],
      );
      return bnAndActivation(cx, cx.name, y, c.bn, c.act);
    },
    print: (pc) => printConv(pc, 'sepconv'),
  },
};
