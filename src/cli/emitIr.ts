import { join } from 'node:path';
import type { EmitOutcome, EmitRequest } from './emitters.js';
import { EXIT } from './exitCodes.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** `--emit ir`: the IR, pretty-printed, as `<out>/<Model>.ir.json`, written atomically. */
export async function emitIr(request: EmitRequest): Promise<EmitOutcome> {
  const file = join(request.out, `${request.ir.name}.ir.json`);
  try {
    await writeFileAtomic(file, JSON.stringify(request.ir, null, 2) + '\n');
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
