import { availableParallelism } from 'node:os';
import { didYouMean } from '../diagnostics/didYouMean.js';
import type { InferenceChoice, OnnxDevice } from '../infer/InferenceChoice.js';
import { BACKEND_CHOICES } from '../runtime/backendChoices.js';
import type { CommandContext } from './Command.js';
import { parseBackend } from './parseBackend.js';
import { parseWholeNumber } from './parseWholeNumber.js';
import type { CliError } from './printError.js';

/** `--backend` values of the commands that only run a model forward: the tfjs ones and `onnx`. */
export const INFERENCE_BACKEND_CHOICES = [...BACKEND_CHOICES, 'onnx'] as const;

const DEVICES: readonly OnnxDevice[] = ['cpu', 'cuda'];

/**
 * `--backend`, `--workers`, `--threads` and `--device` of `predict` and `bench`, checked
 * together: workers are for tfjs (whose wasm backend is single-threaded in Node), threads and
 * devices for ONNX Runtime (which has its own thread pool), and each is refused with the other's
 * name as the hint.
 */
export function parseInferenceChoice(
  values: CommandContext['values'],
): { ok: true; choice: InferenceChoice } | ({ ok: false } & CliError) {
  const backend = values['backend'];
  if (backend === 'onnx') {
    if (values['workers'] !== undefined)
      return {
        ok: false,
        message: '--workers is for the tfjs backends, not --backend onnx',
        hint: 'ONNX Runtime runs on several cores with its own threads: use --threads N',
      };
    const threads = parseWholeNumber(values['threads'], 'threads', {
      fallback: availableParallelism(),
      min: 1,
      max: 1024,
    });
    if (!threads.ok) return threads;
    const device = values['device'] ?? 'cpu';
    if (!(DEVICES as readonly unknown[]).includes(device))
      return {
        ok: false,
        message: `unknown --device '${String(device)}'`,
        // Two choices, and 'gpu' is nearer 'cpu' than 'cuda': name both rather than guess.
        hint: `choose one of: ${DEVICES.join(', ')} (cuda: an NVIDIA GPU, with onnxruntime-node's CUDA build)`,
      };
    return { ok: true, choice: { engine: 'onnx', threads: threads.value, device: device as OnnxDevice } };
  }
  if (typeof backend === 'string' && !(INFERENCE_BACKEND_CHOICES as readonly string[]).includes(backend))
    return {
      ok: false,
      message: `unknown --backend '${backend}'`,
      hint: didYouMean(backend, INFERENCE_BACKEND_CHOICES) ?? `choose one of: ${INFERENCE_BACKEND_CHOICES.join(', ')}`,
    };
  const parsed = parseBackend(backend);
  if (!parsed.ok) return parsed;
  if (values['threads'] !== undefined)
    return {
      ok: false,
      message: '--threads is for --backend onnx',
      hint: "tfjs's wasm backend runs on one thread in Node: use --workers N to run on N cores, or add --backend onnx",
    };
  if (values['device'] !== undefined)
    return {
      ok: false,
      message: '--device is for --backend onnx',
      hint: 'for tfjs on a GPU use --backend tensorflow with @tensorflow/tfjs-node-gpu installed',
    };
  const workers = parseWholeNumber(values['workers'], 'workers', { fallback: 1, min: 1, max: 64 });
  if (!workers.ok) return workers;
  return { ok: true, choice: { engine: 'tfjs', backend: parsed.backend, workers: workers.value } };
}
