import { join } from 'node:path';
import type { EmitOutcome, EmitRequest } from './emitters.js';
import { toIrJson } from '../ir/toIrJson.js';
import { writeOutput } from './writeOutput.js';

/** `--emit ir`: the IR's JSON form (`toIrJson`), pretty-printed, as `<out>/<Model>.ir.json`, written atomically. */
export async function emitIr(request: EmitRequest): Promise<EmitOutcome> {
  return writeOutput(
    join(request.out, `${request.ir.name}.ir.json`),
    JSON.stringify(toIrJson(request.ir), null, 2) + '\n',
  );
}
