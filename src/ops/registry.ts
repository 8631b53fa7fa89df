import { activation } from './activation.js';
import { avgpool } from './avgpool.js';
import { batchnorm } from './batchnorm.js';
import { concat } from './concat.js';
import { conv2d } from './conv2d.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { flatten } from './flatten.js';
import { globalavgpool } from './globalavgpool.js';
import { globalmaxpool } from './globalmaxpool.js';
import { input } from './input.js';
import { lrn } from './lrn.js';
import { maxpool } from './maxpool.js';
import { multiply } from './multiply.js';
import type { OpDef, SurfaceDef } from './OpDef.js';
import { scaledadd } from './scaledadd.js';
import { sepconv2d } from './sepconv2d.js';

/**
 * Every op, by IR name. Adding an op is a file in `src/ops/` and one line here: the checker,
 * instantiation, the IR schema, the tfjs builder and the TypeScript printer all read this table.
 */
export const OPS = {
  input,
  conv2d,
  sepconv2d,
  batchnorm,
  activation,
  maxpool,
  avgpool,
  globalavgpool,
  globalmaxpool,
  lrn,
  dropout,
  flatten,
  dense,
  concat,
  scaledadd,
  multiply,
} as const;

/** An IR op name. */
export type Op = keyof typeof OPS;

/** The attributes of each IR op, from its definition. */
export type OpAttrs = { [K in Op]: (typeof OPS)[K] extends OpDef<infer A> ? A : never };

/** The surface ops — what a spec can call — by the word that calls them. */
export const SURFACE_OPS: ReadonlyMap<string, SurfaceDef> = new Map(
  Object.values(OPS as Record<Op, OpDef<object>>).flatMap((d) =>
    d.surface ? [[d.surface.name, d.surface] as const] : [],
  ),
);

/** The definition of an IR op, typed by its name. */
export function opDef<K extends Op>(op: K): OpDef<OpAttrs[K]> {
  return OPS[op] as unknown as OpDef<OpAttrs[K]>;
}
