import { buildModel } from '../backends/tfjs/buildModel.js';
import type { LayersModel } from '../runtime/tf.js';
import { selectBackend } from '../runtime/selectBackend.js';
import { loadKerasWeights } from '../weights/loadKerasWeights.js';
import type { EmitOutcome, EmitRequest } from './emitters.js';
import { EXIT } from './exitCodes.js';

/**
 * The tfjs model an emitter of weights writes: on the chosen backend, the inference graph (or
 * with `--aux` the aux heads as extra outputs), with `--weights` loaded when given. A backend
 * that cannot be used is a usage error (the user asked for it; the hint says how to install
 * it). The caller disposes the model.
 */
export async function buildRequestedModel(
  request: EmitRequest,
): Promise<{ ok: true; model: LayersModel } | (EmitOutcome & { ok: false })> {
  const selected = await selectBackend(request.backend);
  if (!selected.ok) return { ok: false, exit: EXIT.usage, message: selected.message, hint: selected.hint };
  request.io.stderr.write(`backend: ${selected.backend} — ${selected.description}\n`);
  const model = buildModel(request.ir, { aux: request.aux });
  if (request.weights) {
    const loaded = await loadKerasWeights(model, request.weights, { ir: request.ir }).catch((e: unknown) => {
      model.dispose();
      throw e;
    });
    if (!loaded.ok) {
      model.dispose();
      return { ok: false, exit: EXIT.failed, message: loaded.message, hint: loaded.hint };
    }
    request.io.stderr.write(
      `weights: ${loaded.weights} tensors into ${loaded.layers} layers (${loaded.naming} names)\n`,
    );
  }
  return { ok: true, model };
}
