import type { CompileResult } from '../compile.js';
import type { IRModel } from '../ir/ir.js';
import type { CommandContext } from './Command.js';
import { printError } from './printError.js';

/**
 * The IR of a compiled FILE for commands that need a model, or undefined after saying why not:
 * the spec had errors (already printed) or it is a library of blocks only.
 */
export function requireModel(file: string, result: CompileResult, context: CommandContext): IRModel | undefined {
  if (!result.ok) return undefined;
  if (!result.ir) {
    printError(context.io.stderr, {
      message: `'${file}' defines no model, only blocks`,
      hint: "this command needs a file with a 'model Name { … }'; 'incep check' checks a library",
    });
  }
  return result.ir;
}
