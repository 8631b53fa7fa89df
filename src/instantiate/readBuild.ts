import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import type { ModuleIR } from '../elaborate/ModuleIR.js';
import { LIMITS } from '../ops/limits.js';
import { checkOverrides, type Overrides } from './overrides.js';

/**
 * The class count and input of a build — the overrides, else the spec's — checked against the
 * limits. An override has no place in the spec, so its errors point at the model's name.
 */
export function readBuild(
  m: ModuleIR,
  o: Overrides,
): { classes: number; input: [number, number, number] } | { diagnostic: Diagnostic } {
  const problem = checkOverrides(o);
  if (problem) return { diagnostic: error('E0404', `the ${problem.field} override ${problem.rule}`, m.nameSpan) };
  const classes = o.classes ?? m.classes;
  if (!Number.isInteger(classes) || classes < 1 || classes > LIMITS.classes) {
    return {
      diagnostic: error(
        'E0404',
        `classes must be an integer from 1 to ${LIMITS.classes}, found ${classes}`,
        m.classesSpan ?? m.nameSpan,
      ),
    };
  }
  if (o.input) return { classes, input: o.input };
  if (!m.input) {
    return {
      diagnostic: error(
        'E0308',
        `model '${m.name}' has no input`,
        m.nameSpan,
        'add `input 299x299x3` (height x width x channels)',
      ),
    };
  }
  const dims = m.input.dims;
  if (dims.length !== 3) {
    return {
      diagnostic: error(
        'E0404',
        `the input is height x width x channels, found ${dims.join('x')}`,
        m.input.span,
        'e.g. `input 299x299x3`',
      ),
    };
  }
  const [h, w, c] = dims as [number, number, number];
  if ([h, w].some((d) => d < 1 || d > LIMITS.side) || c < 1 || c > LIMITS.channels) {
    return {
      diagnostic: error(
        'E0404',
        `input sides must be from 1 to ${LIMITS.side} and channels from 1 to ${LIMITS.channels}`,
        m.input.span,
      ),
    };
  }
  return { classes, input: [h, w, c] };
}
