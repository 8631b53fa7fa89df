import { selectBackend, type BackendResult } from '../runtime/selectBackend.js';
import type { InferenceChoice } from './InferenceChoice.js';

/**
 * Makes active the tfjs backend a choice builds its model on: the chosen one for tfjs; for ONNX
 * Runtime, which gets the model's weights from a tfjs model, wasm (else cpu) — never native
 * TensorFlow, whose start-up would only slow the export down.
 */
export async function selectInferenceBackend(choice: InferenceChoice): Promise<BackendResult> {
  if (choice.engine === 'tfjs') return selectBackend(choice.backend);
  const wasm = await selectBackend('wasm');
  return wasm.ok ? wasm : selectBackend('cpu');
}
