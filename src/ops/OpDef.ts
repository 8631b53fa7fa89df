import type * as tfjs from '@tensorflow/tfjs';
import type { LocalResponseNorm } from '../runtime/layers/LocalResponseNorm.js';
import type { ScaledAdd } from '../runtime/layers/ScaledAdd.js';
import type { CodeOfSeverity, DiagnosticCode } from '../diagnostics/catalogue.js';
import type { OnnxContext } from '../onnx/OnnxContext.js';
import type { Op, OpAttrs } from './registry.js';
import type { Setting, SettingKind, Settings, Shape } from './types.js';

/** How a surface op reads its arguments (what the parser's calls mean for this op). */
export interface OpSyntax {
  /** Plain values fill these settings in order (`conv 64 3` → filters, kernel). */
  slots: readonly string[];
  /** The setting a size (`3x3`) fills. */
  dims?: string;
  /** The setting a stride (`/2`) fills. */
  stride?: string;
  /** `key=value` settings and their types. */
  keys: Readonly<Record<string, SettingKind>>;
  /** Bare words and the setting each one sets. */
  flags: Readonly<Record<string, readonly [string, Setting]>>;
  required: readonly string[];
  /** Settings before `defaults` and arguments apply. */
  builtin: Readonly<Record<string, Setting>>;
}

/** A tensor while instantiating: the layer that made it and its shape without the batch. */
export interface Tensor {
  layer: string;
  shape: Shape;
}

/** What an IR op's shape rule gives for one layer. */
export interface Inferred {
  /** Output shape without the batch dimension. */
  shape: number[];
  params: { trainable: number; nonTrainable: number };
  /** Multiply-accumulates for one image (convs and dense layers; 0 elsewhere). */
  macs: number;
}

/** A rule an op's input breaks (E0504-style), reported at the op. */
export interface ShapeProblem {
  code: DiagnosticCode;
  message: string;
  hint?: string;
}

/** What a surface op's expansion uses to make IR layers; instantiation implements it. */
export interface ExpandContext {
  /** The name of the layer the op makes (its `as` name or its counted name). */
  readonly name: string;
  /** The tensor entering the enclosing block instance (undefined outside blocks). */
  readonly blockInput: Tensor | undefined;
  /** Adds one IR layer; its shape, params and MACs come from the IR op's `infer`. */
  add<K extends Op>(op: K, name: string, attrs: OpAttrs[K], inputs: readonly Tensor[]): Tensor;
  /** The MACs of a layer added so far. */
  macs(layer: string): number;
  /** Stops instantiation with an error at the op. */
  fail(code: DiagnosticCode, message: string, hint?: string): never;
  /** E0404 unless `min ≤ value ≤ max`. */
  range(value: number, min: number, max: number, what: string): void;
  /** A note at the op (e.g. the MACs a factorization saves). */
  note(code: CodeOfSeverity<'note'>, message: string): void;
  /** The filter count after the width multiplier (counts taken from `in` stay as they are). */
  filters(count: number): number;
}

/** What a surface op's TypeScript printer uses; the TypeScript backend implements it. */
export interface PrintContext {
  /** Code of the input tensor. */
  readonly x: string;
  /** Code of the layer name. */
  readonly name: string;
  /** Code of the layer name with a suffix (`_f1`). */
  nameWith(suffix: string): string;
  /** A setting as TypeScript code. */
  code(key: string): string;
  /** A setting's value when the spec fixes it (no parameter, `in` or `classes` in it). */
  constant(key: string): Setting | undefined;
  /** The name of a runtime helper the module imports (`conv2dBn`, `LocalResponseNorm`, …). */
  helper(name: string): string;
  /** Code of the op's options object against the module's defaults constant for this op. */
  options(fields: Readonly<Record<string, string>>, defaults: Readonly<Record<string, string>>): string;
  /** The module's option fields for this op's `defaults` (what `options` compares against). */
  defaultsCode(key: string): string;
}

/** The tfjs namespace and incep's custom layers, handed to each op's builder. */
export interface TfjsKit {
  tf: typeof tfjs;
  ScaledAdd: typeof ScaledAdd;
  LocalResponseNorm: typeof LocalResponseNorm;
}

/** Anything `buildModel` can `apply`: a tfjs layer. */
export interface LayerLike {
  apply(inputs: tfjs.SymbolicTensor | tfjs.SymbolicTensor[]): unknown;
}

/** The surface side of an op: how the language writes it and what it expands to. */
export interface SurfaceDef {
  /** The word that calls it in a spec (`conv`, `act`, `maxpool`). */
  name: string;
  /** What it does, for errors and the language reference. */
  summary: string;
  syntax: OpSyntax;
  /** Turns concrete settings into IR layers on `x`; returns the op's output. */
  expand(cx: ExpandContext, s: Settings, x: Tensor): Tensor;
  /** TypeScript that applies the op to `pc.x` (an expression of type `T`). */
  print(pc: PrintContext): string;
}

/**
 * One op: its IR attributes and their JSON Schema, its shape / params / MACs rule, its tfjs
 * layer, its ONNX nodes and, when the language can write it, its surface syntax, expansion and printer.
 */
export interface OpDef<A extends object> {
  /** The IR op name (`conv2d`). */
  op: string;
  /** JSON Schema of the attributes (the IR schema is built from these). */
  attrsSchema: object;
  /** How many inputs a layer takes. */
  inputs: { min: number; max?: number };
  /** Rank of the output shape with its batch dimension, when fixed (the schema checks it). */
  rank?: number;
  /** Output shape, params and MACs from the attributes and inputs, or what is wrong with them. */
  infer(attrs: A, inputs: readonly Tensor[]): Inferred | ShapeProblem;
  /** The tfjs layer for one IR layer. */
  tfjs(kit: TfjsKit, name: string, attrs: A): LayerLike;
  /**
   * Writes one IR layer into an ONNX graph through `cx` (spatial values NCHW, flat ones
   * `[N, F]`) and returns the ONNX value holding its output.
   */
  onnx(cx: OnnxContext, attrs: A): string;
  surface?: SurfaceDef;
}

/** No parameters. */
export const NO_PARAMS = { trainable: 0, nonTrainable: 0 } as const;

/** True when `r` is a problem rather than a result. */
export function isProblem(r: Inferred | ShapeProblem): r is ShapeProblem {
  return 'code' in r;
}

/** E0504 unless the input is height × width × channels. */
export function notSpatial(op: string, input: Tensor): ShapeProblem | undefined {
  if (input.shape.length === 3) return undefined;
  return {
    code: 'E0504',
    message: `'${op}' needs a height x width x channels input, but '${input.layer}' gives ${input.shape.join('x')}`,
    hint: 'spatial ops come before `flatten` / `globalavgpool`',
  };
}
