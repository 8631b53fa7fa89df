import { resolve } from 'node:path';
import type { IRModel } from '../ir/ir.js';
import type { LayersModel } from '../runtime/tf.js';
import { loadPretrained } from '../weights/loadPretrained.js';
import type { CliError } from './printError.js';

/**
 * Loads `weights` (as the user typed it, relative to `cwd`) into every layer of `model`, for the
 * commands that run a trained network as it is (predict, eval, bench): unlike fine-tuning, a layer
 * the weights have nothing for is a mismatch to refuse, not a layer to start afresh.
 */
export async function loadEveryWeight(
  model: LayersModel,
  weights: string,
  cwd: string,
  ir: IRModel,
): Promise<CliError | undefined> {
  const loaded = await loadPretrained(model, resolve(cwd, weights), { ir });
  if (!loaded.ok) return { message: loaded.message, hint: loaded.hint };
  if (loaded.fresh.length > 0) {
    return {
      message: `'${weights}' has no weights for model layer '${loaded.fresh[0]!}'`,
      hint: 'the weights belong to another spec, or to other --classes/--input/--width',
    };
  }
  return undefined;
}
