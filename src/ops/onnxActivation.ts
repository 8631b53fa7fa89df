import type { OnnxContext } from '../onnx/OnnxContext.js';
import type { Activation } from './types.js';

/** ONNX ops that compute a tfjs activation alone, with ONNX's defaults equal to tfjs's constants. */
const SINGLE: Partial<Record<Activation, string>> = {
  relu: 'Relu',
  elu: 'Elu',
  selu: 'Selu',
  sigmoid: 'Sigmoid',
  hard_sigmoid: 'HardSigmoid',
  tanh: 'Tanh',
  softplus: 'Softplus',
  softsign: 'Softsign',
};

/**
 * Applies a tfjs-layers activation to the ONNX value `x`; returns the result (`x` itself for
 * `linear`). `output`, when given, names the last node's output. Softmax runs over axis 1: the
 * channels in both NCHW and `[N, F]` layouts, which is tfjs's last axis.
 */
export function onnxActivation(cx: OnnxContext, x: string, activation: Activation, output?: string): string {
  const single = SINGLE[activation];
  if (single !== undefined) return cx.node(single, [x], {}, output);
  switch (activation) {
    case 'linear':
      return output === undefined ? x : cx.node('Identity', [x], {}, output);
    case 'relu6':
      // Clip takes its bounds as inputs from opset 11 on.
      return cx.node('Clip', [x, scalar(cx, 'min', 0), scalar(cx, 'max', 6)], {}, output);
    case 'softmax':
      return cx.node('Softmax', [x], { axis: { int: 1 } }, output);
    case 'swish':
      // tfjs's swish is x · sigmoid(x) (alpha 1); ONNX has no Swish before opset 24.
      return cx.node('Mul', [x, cx.node('Sigmoid', [x])], {}, output);
    case 'gelu': {
      // tfjs's exact gelu, x · ½(1 + erf(x / √2)); ONNX's Gelu needs opset 20.
      const erf = cx.node('Erf', [cx.node('Div', [x, scalar(cx, 'sqrt2', Math.SQRT2)])]);
      const cdf = cx.node('Mul', [cx.node('Add', [erf, scalar(cx, 'one', 1)]), scalar(cx, 'half', 0.5)]);
      return cx.node('Mul', [x, cdf], {}, output);
    }
    default:
      throw new Error(`internal: no ONNX form of the activation '${activation}'`);
  }
}

function scalar(cx: OnnxContext, suffix: string, value: number): string {
  return cx.floats(suffix, Float32Array.of(value), []);
}
