import { checkOverrides } from '../instantiate/overrides.js';
import type { CommandContext } from './Command.js';
import type { CliError } from './printError.js';

/** `--classes`, `--input` and `--width`, read from the parsed command line. */
export type Overrides = CommandContext['overrides'];

/**
 * Validates `--classes N`, `--input HxWxC` and `--width W`. Bad values are usage errors here, before
 * compiling, because the compiler would report them at the spec's `classes`/`input` line —
 * a place the user did not write them.
 */
export function parseOverrides(
  values: CommandContext['values'],
): { ok: true; overrides: Overrides } | ({ ok: false } & CliError) {
  const overrides: Overrides = {};
  const classes = values['classes'];
  if (typeof classes === 'string') {
    const n = /^\d+$/.test(classes) ? Number(classes) : NaN;
    const problem = checkOverrides({ classes: n });
    if (problem)
      return { ok: false, message: `--classes ${problem.rule}, found '${classes}'`, hint: 'for example --classes 10' };
    overrides.classes = n;
  }
  const input = values['input'];
  if (typeof input === 'string') {
    const m = /^(\d+)[xX](\d+)[xX](\d+)$/.exec(input.trim());
    if (!m) {
      return {
        ok: false,
        message: `--input expects HEIGHTxWIDTHxCHANNELS, found '${input}'`,
        hint: 'for example --input 224x224x3',
      };
    }
    const [h, w, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const problem = checkOverrides({ input: [h, w, c] });
    if (problem) return { ok: false, message: `--input ${problem.rule}, found '${input}'` };
    overrides.input = [h, w, c];
  }
  const width = values['width'];
  if (typeof width === 'string') {
    const n = /^\d*\.?\d+$/.test(width.trim()) ? Number(width) : NaN;
    const problem = checkOverrides({ width: n });
    if (problem)
      return { ok: false, message: `--width ${problem.rule}, found '${width}'`, hint: 'for example --width 0.5' };
    overrides.width = n;
  }
  return { ok: true, overrides };
}
