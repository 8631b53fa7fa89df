import type { EmitOutcome } from './emitters.js';
import { EXIT } from './exitCodes.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** Writes one output file atomically; a failure is an outcome that names the file, not a throw. */
export async function writeOutput(file: string, text: string | Uint8Array): Promise<EmitOutcome> {
  try {
    await writeFileAtomic(file, text);
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
