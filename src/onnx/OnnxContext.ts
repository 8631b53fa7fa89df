import type { Shape } from '../ops/types.js';

/**
 * An ONNX node attribute, tagged by its protobuf kind: ONNX checks attribute types strictly, and
 * a JavaScript number cannot say whether it is an INT or a FLOAT.
 */
export type OnnxAttribute =
  | { int: number }
  | { float: number }
  | { ints: readonly number[] }
  | { floats: readonly number[] }
  | { string: string };

/** One weight of a tfjs layer: its values as tfjs holds them, its shape, and its role (`kernel`, `gamma`, …). */
export interface OnnxWeight {
  /** The last part of tfjs's `originalName` (`kernel`, `bias`, `moving_mean`, …). */
  role: string;
  values: Float32Array;
  shape: readonly number[];
}

/**
 * What an op's ONNX printer uses to write one IR layer; the exporter implements it and keeps
 * the protobuf objects to itself. Spatial values are NCHW inside the graph, flat ones `[N, F]`.
 */
export interface OnnxContext {
  /** The IR layer's name; node and value names derive from it. */
  readonly name: string;
  /** The ONNX values of the layer's inputs, in the IR's input order. */
  readonly inputs: readonly string[];
  /** The IR shapes of those inputs (NHWC, without the batch dimension). */
  readonly inputShapes: readonly Shape[];
  /** The layer's IR output shape (NHWC, without the batch dimension). */
  readonly shape: Shape;
  /** The layer's weights in tfjs order (BatchNorm already folded in, when the export optimizes). */
  readonly weights: readonly OnnxWeight[];
  /** Adds a node; its output is `output`, or a fresh value named after the layer and `op`. Returns the output. */
  node(op: string, inputs: readonly string[], attrs?: Readonly<Record<string, OnnxAttribute>>, output?: string): string;
  /** Adds a float initializer named after the layer and `suffix`; returns its name. */
  floats(suffix: string, values: Float32Array, dims: readonly number[]): string;
  /** Adds a 1-D int64 initializer (Unsqueeze axes, Reshape shapes); returns its name. */
  int64s(suffix: string, values: readonly number[]): string;
  /** The weight of a role, or an error naming the layer when the tfjs layer has none. */
  weight(role: string): OnnxWeight;
}
