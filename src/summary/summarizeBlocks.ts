import { groupLayers } from './formatSummaryTable.js';
import type { ModelSummary } from './summarize.js';

/** One block instance (or section, or aux head) of `incep summary --blocks`. */
export interface BlockRow {
  /** `mixed0 (A)`, `stem`, `aux logits (at mixed7, weight 0.4)`. */
  title: string;
  /** Output shape of its last layer, with the leading `null` batch dimension. */
  output: Array<number | null>;
  params: number;
  macs: number;
}

/** The summary's layers rolled up by group: what each block instance outputs and costs. */
export function summarizeBlocks(summary: ModelSummary): BlockRow[] {
  return groupLayers(summary.layers, summary.auxHeads ?? []).map((g) => ({
    title: g.title,
    output: [...g.layers[g.layers.length - 1]!.shape],
    params: g.layers.reduce((s, l) => s + l.params.total, 0),
    macs: g.layers.reduce((s, l) => s + l.macs, 0),
  }));
}
