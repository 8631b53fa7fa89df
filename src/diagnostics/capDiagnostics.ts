import { note, type Diagnostic } from './Diagnostic.js';

/** Diagnostics shown per file; the rest are counted in one note (N0101). */
export const MAX_DIAGNOSTICS_PER_FILE = 100;

/**
 * The first {@link MAX_DIAGNOSTICS_PER_FILE} diagnostics of each file, in order, and for a file
 * with more a note counting the rest — so a spec with 300,000 misspelt ops reports in a
 * screenful and a fraction of a second instead of printing for hours.
 */
export function capDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const shown = new Map<string | undefined, number>();
  const hidden = new Map<string | undefined, number>();
  const kept: Diagnostic[] = [];
  for (const d of diagnostics) {
    const file = d.span?.file;
    const count = shown.get(file) ?? 0;
    if (count < MAX_DIAGNOSTICS_PER_FILE) {
      shown.set(file, count + 1);
      kept.push(d);
    } else hidden.set(file, (hidden.get(file) ?? 0) + 1);
  }
  for (const [file, count] of hidden) {
    kept.push(
      note(
        'N0101',
        `${count.toLocaleString('en')} more diagnostic${count === 1 ? '' : 's'}${file !== undefined ? ` in '${file}'` : ''} not shown`,
        undefined,
        'fix the first ones and compile again: the rest often follow from them',
      ),
    );
  }
  return kept;
}
