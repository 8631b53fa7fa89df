import { join } from 'node:path';
import { emitTypeScript } from '../backends/typescript/emitTypeScript.js';
import type { EmitOutcome, EmitRequest } from './emitters.js';
import { writeOutput } from './writeOutput.js';

/** `--emit ts`: the model as a TypeScript module, `<out>/<spec>.ts`, written atomically. */
export async function emitTs(request: EmitRequest): Promise<EmitOutcome> {
  const emitted = emitTypeScript(request.compiled, request.tfModule ? { tfModule: request.tfModule } : {});
  return writeOutput(join(request.out, emitted.fileName), emitted.code);
}
