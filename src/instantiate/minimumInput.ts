import type { ModuleIR } from '../elaborate/ModuleIR.js';
import { LIMITS } from '../ops/limits.js';
import { instantiate } from './instantiate.js';
import type { Overrides } from './overrides.js';
import { smallestSide } from './smallestSide.js';

/**
 * The smallest square input (`HxWxC`, with the channels of the build) that instantiates — for the
 * hint of a collapse error — or undefined when none up to the limit does.
 */
export function smallestSquareInput(module: ModuleIR, overrides: Overrides, strictAux: boolean): string | undefined {
  const channels = overrides.input?.[2] ?? module.input?.dims[2] ?? 3;
  const works = (n: number) =>
    instantiate(module, { ...overrides, input: [n, n, channels], strictAux }).ir !== undefined;
  const side = smallestSide(works, LIMITS.side);
  return side === undefined ? undefined : `${side}x${side}x${channels}`;
}

/**
 * The smallest height and width the network accepts (with `strictAux`, with its aux heads),
 * searched per axis with the other at the build's size: the axes are independent. Undefined when
 * no size works (aux heads that fit no input).
 */
export function minimumInput(
  module: ModuleIR,
  overrides: Overrides & { input: [number, number, number] },
  strictAux: boolean,
): [number, number] | undefined {
  const [h0, w0, c] = overrides.input;
  const works = (h: number, w: number) =>
    instantiate(module, { ...overrides, input: [h, w, c], strictAux }).ir !== undefined;
  const fitsDefault = works(h0, w0);
  const h = smallestSide((n) => works(n, w0), LIMITS.side, fitsDefault ? h0 : undefined);
  const w = smallestSide((n) => works(h0, n), LIMITS.side, fitsDefault ? w0 : undefined);
  return h !== undefined && w !== undefined ? [h, w] : undefined;
}
