import type { IRLayer, IRTotals } from './ir.js';

/** Parameter and MAC totals over a set of IR layers (what `IRModel.totals` states). */
export function sumTotals(layers: ReadonlyArray<Pick<IRLayer, 'params' | 'macs'>>): IRTotals {
  let trainable = 0;
  let nonTrainable = 0;
  let macs = 0;
  for (const l of layers) {
    trainable += l.params.trainable;
    nonTrainable += l.params.nonTrainable;
    macs += l.macs;
  }
  return { params: { total: trainable + nonTrainable, trainable, nonTrainable }, macs };
}
