import { join } from 'node:path';
import { exportOnnx } from '../onnx/exportOnnx.js';
import { buildRequestedModel } from './buildRequestedModel.js';
import type { EmitOutcome, EmitRequest } from './emitters.js';
import { writeOutput } from './writeOutput.js';

/**
 * `--emit onnx`: the tfjs model `--emit tfjs` would save (same backend, `--aux` and `--weights`
 * handling) exported as ONNX opset 13 to `<out>/<Model>.onnx`, written atomically; with
 * `--optimize` the batch norms are folded into the convs and the aux heads left out.
 */
export async function emitOnnx(request: EmitRequest): Promise<EmitOutcome> {
  const built = await buildRequestedModel(request);
  if (!built.ok) return built;
  let bytes: Uint8Array;
  try {
    bytes = exportOnnx(request.ir, built.model, { aux: request.aux, optimize: request.optimize === true });
  } finally {
    built.model.dispose();
  }
  return writeOutput(join(request.out, `${request.ir.name}.onnx`), bytes);
}
