import { LIMITS } from '../lower/lower.js';
import type { CommandContext } from './Command.js';
import type { CliError } from './printError.js';

/** `--classes`, `--input` and `--width`, read from the parsed command line. */
export type Overrides = CommandContext['overrides'];

/**
 * Validates `--classes N`, `--input HxWxC` and `--width W`. Bad values are usage errors here, before
 * compiling, because the compiler would report them at the spec's `classes`/`input` line —
 * a place the user did not write them.
 */
export function parseOverrides(values: CommandContext['values']): { ok: true; overrides: Overrides } | ({ ok: false } & CliError) {
  const overrides: Overrides = {};
  const classes = values['classes'];
  if (typeof classes === 'string') {
    const n = /^\d+$/.test(classes) ? Number(classes) : NaN;
    if (!(n >= 1 && n <= LIMITS.classes)) {
      return { ok: false, message: `--classes expects a whole number from 1 to ${LIMITS.classes}, found '${classes}'`, hint: 'for example --classes 10' };
    }
    overrides.classes = n;
  }
  const input = values['input'];
  if (typeof input === 'string') {
    const m = /^(\d+)[xX](\d+)[xX](\d+)$/.exec(input.trim());
    if (!m) {
      return { ok: false, message: `--input expects HEIGHTxWIDTHxCHANNELS, found '${input}'`, hint: 'for example --input 224x224x3' };
    }
    const [h, w, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (![h, w].every((side) => side >= 1 && side <= LIMITS.side)) {
      return { ok: false, message: `--input height and width must be from 1 to ${LIMITS.side}, found '${input}'` };
    }
    if (!(c >= 1 && c <= LIMITS.channels)) {
      return { ok: false, message: `--input channels must be from 1 to ${LIMITS.channels}, found '${input}'` };
    }
    overrides.input = [h, w, c];
  }
  const width = values['width'];
  if (typeof width === 'string') {
    const n = /^\d*\.?\d+$/.test(width.trim()) ? Number(width) : NaN;
    if (!(n > 0 && n <= 4)) {
      return { ok: false, message: `--width expects a number above 0 and at most 4, found '${width}'`, hint: 'for example --width 0.5' };
    }
    overrides.width = n;
  }
  return { ok: true, overrides };
}
