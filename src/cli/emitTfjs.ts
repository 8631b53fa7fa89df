import { ModelDirError } from '../runtime/ModelDirError.js';
import { saveModelDir } from '../runtime/saveModelDir.js';
import { optimizeForInference } from '../optimize/optimizeForInference.js';
import { buildRequestedModel } from './buildRequestedModel.js';
import type { EmitOutcome, EmitRequest } from './emitters.js';
import { EXIT } from './exitCodes.js';

/**
 * `--emit tfjs`: builds the model on the chosen backend (the inference graph, or with `--aux`
 * the aux heads as extra outputs), loads `--weights` when given, optimizes it with `--optimize`
 * (after the weights: folding needs the real statistics), and saves it as a model directory.
 */
export async function emitTfjs(request: EmitRequest): Promise<EmitOutcome> {
  const built = await buildRequestedModel(request);
  if (!built.ok) return built;
  const { model } = built;
  try {
    const saved = request.optimize ? optimizeForInference(model) : model;
    try {
      const { files } = await saveModelDir(saved, request.out);
      return { ok: true, files };
    } finally {
      if (saved !== model) saved.dispose();
    }
  } catch (e) {
    // Anything else escaping saveModelDir is a bug, reported as an internal error.
    if (!(e instanceof ModelDirError)) throw e;
    // Its messages name the path and, for a directory it will not replace, what to do instead.
    return { ok: false, exit: EXIT.failed, message: e.message };
  } finally {
    model.dispose();
  }
}
