import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { formatDiagnostic } from '../diagnostics/formatDiagnostic.js';
import type { OutputStream } from './CliIO.js';

/** Prints diagnostics to `stream`, each with its code frame, separated by blank lines. */
export function printDiagnostics(
  stream: OutputStream,
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  color: boolean,
): void {
  for (const d of diagnostics) stream.write(formatDiagnostic(d, { sources, color }) + '\n\n');
}
