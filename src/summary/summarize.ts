import type { IRModel, IRTrain, LayerScope, Op } from '../ir/ir.js';
import { layerGeometry } from './layerGeometry.js';

/** Parameter counts: trainable plus non-trainable (batch-norm moving statistics). */
export interface ParamCounts {
  total: number;
  trainable: number;
  nonTrainable: number;
}

/** One layer as `incep summary --json` prints it. */
export interface SummaryLayer {
  name: string;
  op: Op;
  inputs: string[];
  /** Output shape with the leading `null` batch dimension. */
  shape: Array<number | null>;
  params: ParamCounts;
  macs: number;
  section: LayerScope['section'];
  /** The block definition of the instance the layer belongs to (`A`). */
  block?: string;
  /** The block instance (`mixed0`). */
  instance?: string;
  /** The aux head (`logits`). */
  aux?: string;
  /** A conv's or pool's window: `3x3 /2 valid`. */
  kernel?: string;
}

/** An aux head of a training build: where it taps and its weight in the loss. */
export interface SummaryAuxHead {
  name: string;
  at: string;
  weight: number;
}

/** The data behind `incep summary`: exactly what `--json` prints, and what the table shows. */
export interface ModelSummary {
  name: string;
  /** Height, width, channels. */
  input: [number, number, number];
  /** Shape of the main output. */
  output: Array<number | null>;
  params: ParamCounts;
  macs: number;
  layers: SummaryLayer[];
  /** The aux heads, when the summary includes them. */
  auxHeads?: SummaryAuxHead[];
  /** The training recipe, when the spec has one (without its source span). */
  train?: Omit<IRTrain, 'span'>;
}

/** Options of `summarize`. */
export interface SummarizeOptions {
  /** List the aux-head layers and use the totals that include them. Default false. */
  aux?: boolean;
}

/**
 * The summary of a model: the inference graph by default, which is what `buildModel` builds
 * and what a deployed model costs; with `aux`, the training graph with every aux head.
 * Totals come from the IR, so the summary and the compiler can never disagree.
 */
export function summarize(ir: IRModel, options: SummarizeOptions = {}): ModelSummary {
  const aux = options.aux ?? false;
  const totals = aux ? ir.totals.withAux : ir.totals.inference;
  const main = ir.layers.find((l) => l.name === ir.outputs.main);
  const summary: ModelSummary = {
    name: ir.name,
    input: [...ir.input],
    output: main ? [...main.shape] : [],
    params: { ...totals.params },
    macs: totals.macs,
    layers: ir.layers.filter((l) => aux || l.scope.section !== 'aux').map(summarizeLayer),
  };
  if (aux && ir.outputs.aux.length > 0) {
    summary.auxHeads = ir.outputs.aux.map((a) => ({ name: a.name, at: a.at, weight: a.weight }));
  }
  if (ir.train) {
    const { span: _span, ...train } = ir.train;
    summary.train = train;
  }
  return summary;
}

function summarizeLayer(layer: IRModel['layers'][number]): SummaryLayer {
  const { trainable, nonTrainable } = layer.params;
  const out: SummaryLayer = {
    name: layer.name,
    op: layer.op,
    inputs: [...layer.inputs],
    shape: [...layer.shape],
    params: { total: trainable + nonTrainable, trainable, nonTrainable },
    macs: layer.macs,
    section: layer.scope.section,
  };
  // Optional keys only when present, so the JSON carries no `undefined` noise.
  if (layer.scope.block !== undefined) out.block = layer.scope.block;
  if (layer.scope.instance !== undefined) out.instance = layer.scope.instance;
  if (layer.scope.aux !== undefined) out.aux = layer.scope.aux;
  const kernel = layerGeometry(layer);
  if (kernel !== undefined) out.kernel = kernel;
  return out;
}
