import { ACTIVATIONS } from './types.js';

/** Words a `key=value`, a block argument or a parameter default may name (activations, paddings, factorizations). */
export const VALUE_WORDS: ReadonlySet<string> = new Set([...ACTIVATIONS, 'same', 'valid', 'stacked', 'asymmetric']);

/** Option calls accepted as arguments (`bn(…)`), and the surface op whose keys they take. */
export const OPTION_CALLS: Readonly<Record<string, string>> = { bn: 'batchnorm' };
