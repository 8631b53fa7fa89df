import { resolve } from 'node:path';
import { compileFile, type CompileResult } from '../compile.js';
import type { CommandContext } from './Command.js';
import { printDiagnostics } from './printDiagnostics.js';
import { useColor } from './useColor.js';

/**
 * Compiles one FILE argument with the command line's overrides and prints its diagnostics —
 * warnings too, on success — to stderr. Every command goes through here, so all of them report
 * a spec's problems the same way.
 */
export function compileSpec(file: string, context: CommandContext): CompileResult {
  const { io } = context;
  const result = compileFile(resolve(io.cwd, file), context.overrides);
  printDiagnostics(io.stderr, result.diagnostics, result.sources, useColor(io.stderr, io.env));
  return result;
}
