import { resolve } from 'node:path';
import { compileFile, type CompileResult } from '../compile.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import type { CommandContext } from './Command.js';
import { compileOptionsOf } from './compileOptionsOf.js';
import { printDiagnostics } from './printDiagnostics.js';
import { useColor } from './useColor.js';

/**
 * Compiles one FILE argument with the command line's overrides and prints its diagnostics —
 * warnings too, on success — to stderr, closing a failure with `FILE: failed (2 errors)` so the
 * verdict is visible after a long list. Every command goes through here, so all of them report a
 * spec's problems the same way.
 */
export function compileSpec(file: string, context: CommandContext): CompileResult {
  const { io } = context;
  const result = compileFile(resolve(io.cwd, file), compileOptionsOf(context));
  printDiagnostics(io.stderr, result.diagnostics, result.sources, useColor(io.stderr, io.env));
  if (!result.ok) io.stderr.write(`${file}: failed (${tally(result.diagnostics)})\n`);
  return result;
}

function tally(diagnostics: readonly Diagnostic[]): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return warnings > 0 ? `${count(errors, 'error')}, ${count(warnings, 'warning')}` : count(errors, 'error');
}
