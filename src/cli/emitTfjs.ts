import { buildModel } from '../backends/tfjs/buildModel.js';
import { ModelDirError } from '../runtime/ModelDirError.js';
import { saveModelDir } from '../runtime/saveModelDir.js';
import { selectBackend } from '../runtime/selectBackend.js';
import { optimizeForInference } from '../optimize/optimizeForInference.js';
import { loadKerasWeights } from '../weights/loadKerasWeights.js';
import type { EmitOutcome, EmitRequest } from './emitters.js';
import { EXIT } from './exitCodes.js';

/**
 * `--emit tfjs`: builds the model on the chosen backend (the inference graph, or with `--aux`
 * the aux heads as extra outputs), loads `--weights` when given, optimizes it with `--optimize`
 * (after the weights: folding needs the real statistics), and saves it as a model directory. A
 * backend that cannot be
 * used is a usage error: the user asked for it, and the hint says how to install it.
 */
export async function emitTfjs(request: EmitRequest): Promise<EmitOutcome> {
  const selected = await selectBackend(request.backend);
  if (!selected.ok) return { ok: false, exit: EXIT.usage, message: selected.message, hint: selected.hint };
  request.io.stderr.write(`backend: ${selected.backend} — ${selected.description}\n`);
  const model = buildModel(request.ir, { aux: request.aux });
  try {
    if (request.weights) {
      const loaded = await loadKerasWeights(model, request.weights, { ir: request.ir });
      if (!loaded.ok) return { ok: false, exit: EXIT.failed, message: loaded.message, hint: loaded.hint };
      request.io.stderr.write(
        `weights: ${loaded.weights} tensors into ${loaded.layers} layers (${loaded.naming} names)\n`,
      );
    }
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
