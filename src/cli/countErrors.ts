import type { Diagnostic } from '../diagnostics/Diagnostic.js';

/** `2 errors, 1 warning`: how a failed file is summed up after its diagnostics. */
export function countErrors(diagnostics: readonly Diagnostic[]): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return warnings > 0 ? `${count(errors, 'error')}, ${count(warnings, 'warning')}` : count(errors, 'error');
}
