import { didYouMean } from '../diagnostics/didYouMean.js';
import { BACKEND_CHOICES, type BackendChoice } from '../runtime/backendChoices.js';
import type { CliError } from './printError.js';

/**
 * `--backend NAME`, checked against the tfjs backend choices (default `auto`). `onnx`, which only
 * `predict` and `bench` take (see `parseInferenceChoice`), is refused with a hint saying so.
 */
export function parseBackend(
  value: string | boolean | undefined,
): { ok: true; backend: BackendChoice } | ({ ok: false } & CliError) {
  const backend = value ?? 'auto';
  if (backend === 'onnx')
    return {
      ok: false,
      message:
        '--backend onnx is not a tfjs backend: ONNX Runtime here runs inference only (incep predict, incep bench)',
      hint: `choose one of: ${BACKEND_CHOICES.join(', ')}`,
    };
  if (typeof backend === 'string' && (BACKEND_CHOICES as readonly string[]).includes(backend))
    return { ok: true, backend: backend as BackendChoice };
  return {
    ok: false,
    message: `unknown --backend '${String(backend)}'`,
    hint: didYouMean(String(backend), BACKEND_CHOICES) ?? `choose one of: ${BACKEND_CHOICES.join(', ')}`,
  };
}
