import { didYouMean } from '../diagnostics/didYouMean.js';
import { BACKEND_CHOICES, type BackendChoice } from '../runtime/backendChoices.js';
import type { CliError } from './printError.js';

/** `--backend NAME`, checked against the backend choices (default `auto`). */
export function parseBackend(
  value: string | boolean | undefined,
): { ok: true; backend: BackendChoice } | ({ ok: false } & CliError) {
  const backend = value ?? 'auto';
  if (typeof backend === 'string' && (BACKEND_CHOICES as readonly string[]).includes(backend))
    return { ok: true, backend: backend as BackendChoice };
  return {
    ok: false,
    message: `unknown --backend '${String(backend)}'`,
    hint: didYouMean(String(backend), BACKEND_CHOICES) ?? `choose one of: ${BACKEND_CHOICES.join(', ')}`,
  };
}
