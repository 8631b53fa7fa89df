import type { IRModel } from '../ir/ir.js';
import { optimizeForInference } from '../optimize/optimizeForInference.js';
import type { BackendChoice } from '../runtime/backendChoices.js';
import type { LayersModel } from '../runtime/tf.js';
import type { BatchRunner } from './BatchRunner.js';
import type { InferenceChoice } from './InferenceChoice.js';
import { inProcessRunner } from './inProcessRunner.js';
import { onnxRunner } from './onnxRunner.js';
import { startWorkerPool } from './startWorkerPool.js';

/** What {@link openRunner} needs besides the model. */
export interface OpenRunnerOptions {
  /** Run the inference-only graph (`optimizeForInference`; for ONNX, the export's own folding). */
  optimize: boolean;
  /** The tfjs backend that is active, as `selectInferenceBackend` left it, and its description. */
  backend: { name: string; description: string };
  /** Receives what worker threads print. */
  onOutput?: (text: string) => void;
}

/** A runner, or why there is none. */
export type OpenRunnerResult =
  | { ok: true; runner: BatchRunner }
  | {
      ok: false;
      message: string;
      hint?: string;
      /** The engine cannot run on this machine at all (ONNX Runtime missing, no CUDA): a usage error. */
      unusable?: boolean;
    };

/**
 * The {@link BatchRunner} a choice asks for, running `model` (`buildModel(ir)` with its weights
 * loaded, built on the active backend): in this thread, in worker threads, or exported to ONNX
 * and run by ONNX Runtime. Takes ownership of `model`: it is disposed here or by the runner.
 */
export async function openRunner(
  ir: IRModel,
  model: LayersModel,
  choice: InferenceChoice,
  options: OpenRunnerOptions,
): Promise<OpenRunnerResult> {
  const description = `${options.backend.name} — ${options.backend.description}`;
  if (choice.engine === 'onnx') {
    // Loaded on use, so the tfjs paths never load the ONNX protobuf code or onnxruntime.
    const [{ exportOnnx }, { openOnnxSession }] = await Promise.all([
      import('../onnx/exportOnnx.js'),
      import('../onnx/openOnnxSession.js'),
    ]);
    let bytes: Uint8Array;
    try {
      bytes = exportOnnx(ir, model, { optimize: options.optimize });
    } catch (e) {
      return { ok: false, message: `cannot export the model to ONNX: ${e instanceof Error ? e.message : String(e)}` };
    } finally {
      // The ONNX bytes hold the weights now; tfjs's copy is no longer needed.
      model.dispose();
    }
    const opened = await openOnnxSession(bytes, { threads: choice.threads, device: choice.device });
    return opened.ok ? { ok: true, runner: onnxRunner(opened.session) } : { ...opened, unusable: true };
  }
  if (choice.workers === 1) {
    if (!options.optimize) return { ok: true, runner: inProcessRunner(model, description) };
    const optimized = optimizeForInference(model);
    model.dispose();
    return { ok: true, runner: inProcessRunner(optimized, description) };
  }
  try {
    return await startWorkerPool({
      ir,
      model,
      // Workers select the backend the main thread ended up with, so `auto` resolves once.
      backend: options.backend.name as BackendChoice,
      optimize: options.optimize,
      workers: choice.workers,
      description,
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    });
  } finally {
    model.dispose();
  }
}
