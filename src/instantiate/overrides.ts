import { LIMITS } from '../ops/limits.js';

/** What a build may change in a spec: the class count, the input and the width multiplier. */
export interface Overrides {
  classes?: number;
  /** Height, width, channels. */
  input?: [number, number, number];
  /** Multiplies every conv filter count (TF-slim `depth_multiplier` rounding, min depth 16). */
  width?: number;
}

/** An override out of range: which one, and what it must be. */
export interface OverrideProblem {
  field: 'classes' | 'input' | 'width';
  /** "expects a whole number from 1 to 1000000", "height and width must be from 1 to 16384". */
  rule: string;
}

/**
 * What is wrong with the overrides, if anything: the CLI reports it as a usage error, `compile`
 * as E0404 at the model name (an override has no place in the spec).
 */
export function checkOverrides(o: Overrides): OverrideProblem | undefined {
  if (o.classes !== undefined && !(Number.isInteger(o.classes) && o.classes >= 1 && o.classes <= LIMITS.classes)) {
    return { field: 'classes', rule: `expects a whole number from 1 to ${LIMITS.classes}` };
  }
  if (o.input !== undefined) {
    const [h, w, c] = o.input;
    if (![h, w].every((d) => Number.isInteger(d) && d >= 1 && d <= LIMITS.side))
      return { field: 'input', rule: `height and width must be from 1 to ${LIMITS.side}` };
    if (!(Number.isInteger(c) && c >= 1 && c <= LIMITS.channels))
      return { field: 'input', rule: `channels must be from 1 to ${LIMITS.channels}` };
  }
  if (o.width !== undefined && !(o.width > 0 && o.width <= 4))
    return { field: 'width', rule: 'expects a number above 0 and at most 4' };
  return undefined;
}
