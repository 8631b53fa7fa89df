import { NO_PARAMS, type OpDef } from './OpDef.js';
import { attrs, S } from './schemaParts.js';

/** Attributes of a scaled residual add. */
export interface ScaledaddAttrs {
  scale: number;
}

/** A residual block's merge: `input + scale × residual` (incep's ScaledAdd layer). */
export const scaledadd: OpDef<ScaledaddAttrs> = {
  op: 'scaledadd',
  attrsSchema: attrs({ scale: S.number }),
  inputs: { min: 2, max: 2 },
  infer: (_a, [x]) => ({ shape: [...x!.shape], params: { ...NO_PARAMS }, macs: 0 }),
  tfjs: ({ ScaledAdd }, name, a) => new ScaledAdd({ name, scale: a.scale }),
  onnx(cx, a) {
    // Inputs are [shortcut, residual]; only the residual is scaled.
    const [shortcut, residual] = cx.inputs as [string, string];
    return cx.node('Add', [shortcut, cx.node('Mul', [residual, cx.floats('scale', Float32Array.of(a.scale), [])])]);
  },
};
