import { resolve } from 'node:path';
import type { CompileOptions } from '../compile.js';
import type { CommandContext } from './Command.js';

/** What the command line says about compiling: the overrides, and `--root` from the working directory. */
export function compileOptionsOf(
  context: CommandContext,
): Pick<CompileOptions, 'classes' | 'input' | 'width' | 'roots'> {
  const root = context.values['root'];
  return {
    ...context.overrides,
    ...(typeof root === 'string' ? { roots: [resolve(context.io.cwd, root)] } : {}),
  };
}
