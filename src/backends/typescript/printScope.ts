import type { Spelling } from './printExpr.js';
import { identifier } from './tsText.js';

/** The function being printed: its locals, its parameters' identifiers, whether it is a block's. */
export interface Fn {
  locals: Set<string>;
  params: Map<string, string>;
  /** In a block function `x` is the instance's input and `in` its channels (`inC`). */
  inBlock: boolean;
  /** Whether the body used `inC`, so the function declares it. */
  usesIn: boolean;
}

/**
 * How expressions are spelled in `fn` where the current tensor is `x`: parameters by their
 * identifiers, `in` as the block's `inC` (noted as used) or the tensor's channels at the top
 * level, the repeat index as `index`. `inCode` overrides `in` (parameter defaults).
 */
export function spelling(fn: Fn, x: string, index: string, inCode?: string): Spelling {
  return {
    param: (p) => fn.params.get(p) ?? identifier(p),
    get in() {
      if (inCode) return inCode;
      if (fn.inBlock) {
        fn.usesIn = true;
        return 'inC';
      }
      return `b.channels(${x})`;
    },
    index,
  };
}
