/**
 * The intermediate representation: what every backend reads. It mirrors the computation, not the
 * text — a flat, topologically ordered list of layers, each with its op, inputs, attributes,
 * inferred output shape, parameter count, MACs and the span of the spec text that made it.
 * `src/ir/ir.schema.json` describes the JSON form (`incep compile --emit ir`); each layer's
 * attributes are those of its op's definition in `src/ops/`.
 */
import type { Span } from '../diagnostics/Span.js';
import type { Op, OpAttrs } from '../ops/registry.js';

/** Bumped when the JSON form changes incompatibly. */
export const IR_VERSION = 2;

export { ACTIVATIONS } from '../ops/types.js';
export type { Activation, Padding } from '../ops/types.js';
export type { Op, OpAttrs } from '../ops/registry.js';

/** Where a layer sits in the spec, for grouping (summary) and naming (emitter). */
export interface LayerScope {
  readonly section: 'input' | 'stem' | 'body' | 'head' | 'aux';
  /** The block instance (`mixed0`) the layer belongs to, if any. */
  readonly instance?: string;
  /** The block definition (`A`) of that instance. */
  readonly block?: string;
  /** The aux head (`logits`) the layer belongs to, if any. */
  readonly aux?: string;
}

interface LayerBase {
  /** Unique, deterministic, derived from the spec: `mixed0_b2_conv1_bn`. */
  name: string;
  /** Names of the input layers (earlier in the list). */
  inputs: string[];
  /** Output shape with a leading `null` batch dimension, exactly as tfjs-layers infers it. */
  shape: Array<number | null>;
  params: { trainable: number; nonTrainable: number };
  /** Multiply-accumulates of conv and dense layers; 0 for everything else. */
  macs: number;
  span: Span;
  scope: LayerScope;
}

/** One layer of the IR, discriminated by `op`. */
export type IRLayer = { [K in Op]: LayerBase & { op: K; attrs: OpAttrs[K] } }[Op];

/** One auxiliary classifier head. */
export interface IRAuxHead {
  name: string;
  /** The layer it taps. */
  at: string;
  /** Its output layer. */
  output: string;
  /** Loss weight in training builds. */
  weight: number;
  span: Span;
}

/** The training recipe, checked but not interpreted here. */
export interface IRTrain {
  optimizer?: {
    name: 'sgd' | 'momentum' | 'rmsprop' | 'adam' | 'adamw';
    options: Record<string, number>;
    /** `nesterov`, `centered`. */
    flags?: Record<string, boolean>;
  };
  /** A linear warm-up of the learning rate from 0. */
  warmup?: { value: number; unit: 'epochs' | 'steps' };
  /** Fine-tuning: everything up to and including this instance (or layer) is frozen. */
  freeze?: {
    name: string;
    span: Span;
    /** The layer the name resolves to (the instance's output), set when the model is instantiated. */
    layer?: string;
  };
  schedule?: {
    name: 'constant' | 'exponential' | 'step' | 'cosine';
    options: Record<string, number>;
    staircase?: boolean;
    every?: { value: number; unit: 'epochs' | 'steps' };
  };
  clipnorm?: number;
  labelSmoothing?: number;
  weightDecay?: number;
  epochs?: number;
  batchSize?: number;
  span: Span;
}

/** Totals over a set of layers. */
export interface IRTotals {
  params: { total: number; trainable: number; nonTrainable: number };
  macs: number;
}

/** A checked model, ready for any backend. */
export interface IRModel {
  irVersion: number;
  name: string;
  /** The spec file it was compiled from. */
  source: string;
  /** Height, width, channels. */
  input: [number, number, number];
  classes: number;
  layers: IRLayer[];
  outputs: {
    /** The last layer of the whole network (head if any, else body). */
    main: string;
    /** The last layer before the head (`includeTop: false`). */
    features: string;
    aux: IRAuxHead[];
  };
  /** Without aux heads (the inference graph) and with them. */
  totals: { inference: IRTotals; withAux: IRTotals };
  train?: IRTrain;
}
