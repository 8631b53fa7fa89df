import { join } from 'node:path';
import { emitTypeScript } from '../backends/typescript/emitTypeScript.js';
import type { EmitOutcome, EmitRequest } from './emitters.js';
import { EXIT } from './exitCodes.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** `--emit ts`: the model as a TypeScript module, `<out>/<spec>.ts`, written atomically. */
export async function emitTs(request: EmitRequest): Promise<EmitOutcome> {
  const emitted = emitTypeScript(request.compiled, request.tfModule ? { tfModule: request.tfModule } : {});
  if (!emitted.ok) return { ok: false, exit: EXIT.failed, diagnostics: emitted.diagnostics };
  const file = join(request.out, emitted.fileName);
  try {
    await writeFileAtomic(file, emitted.code);
  } catch (e) {
    return {
      ok: false,
      exit: EXIT.failed,
      message: `cannot write '${file}': ${(e as Error).message}`,
      hint: 'choose an --out directory you can write to',
    };
  }
  return { ok: true, files: [file] };
}
