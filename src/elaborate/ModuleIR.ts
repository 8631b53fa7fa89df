/**
 * The module IR: the spec's structure, checked and resolved, before any input size is known.
 * One graph per block the model uses, with parameters, `in`, `classes` and arithmetic as typed
 * expressions, every op's settings resolved through built-ins, `defaults` and its arguments,
 * names as templates, repeat counts as expressions, spans and comments everywhere.
 *
 * Instantiation evaluates it for one input, class count and width into the flat IR; the
 * TypeScript backend prints it as a module that does the same at run time.
 */
import type { Span } from '../diagnostics/Span.js';
import type { IRTrain } from '../ir/ir.js';
import type { Comments } from '../syntax/ast.js';
import type { Value } from '../ops/types.js';

/** Arithmetic as the language defines it (`/` true division, `//` and `%` floored). */
export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%';

/** A value computed when the model is instantiated (or when the generated module runs). */
export type Expr =
  | { kind: 'const'; value: Value; span: Span }
  /** A parameter of the enclosing block. */
  | { kind: 'param'; name: string; span: Span }
  /** Channels entering the enclosing block instance; outside blocks, entering the op or call. */
  | { kind: 'in'; span: Span }
  | { kind: 'classes'; span: Span }
  /** The 0-based index of the repeat (`x N`) the node is in. */
  | { kind: 'index'; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
  | { kind: 'neg'; operand: Expr; span: Span };

/** An op setting before evaluation. */
export type SettingExpr =
  /** A number, word or boolean (an integer where a size is expected means a square). */
  | { kind: 'scalar'; expr: Expr; span: Span | undefined }
  /** `3x3`, `/2`. */
  | { kind: 'pair'; items: [Expr, Expr]; span: Span | undefined }
  /** A BN attachment: attached when `on` is true, with these settings. */
  | { kind: 'bn'; on: Expr; epsilon: Expr; momentum: Expr; center: Expr; scale: Expr; span: Span | undefined }
  /** Not set: no BN, no factorization, a pool's stride equal to its size. */
  | { kind: 'none' };

/**
 * What a block parameter holds, known when the module is elaborated: a number, or a word of one
 * kind. A bare parameter in an op's arguments fills what its kind fills (a value slot, the
 * activation, the padding, the factorization); a block used with different kinds gets a graph
 * for each.
 */
export type ValueKind = 'number' | 'activation' | 'padding' | 'factorization' | 'bool';

/**
 * A layer name as a template. Text is literal; `prefix` is the enclosing block instance's name;
 * `number` a counted suffix (`conv3`); `series` the i-th name of `A x N as mixed1`; `auto` the
 * next unnamed instance of a block (`block35_2`), counted over the whole model.
 */
export type NamePart =
  | { kind: 'text'; text: string }
  | { kind: 'prefix' }
  | { kind: 'number'; expr: Expr }
  | { kind: 'series'; alias: string; times: Expr }
  | { kind: 'auto'; base: string };

/** A name template. */
export type Name = NamePart[];

/** Where a node stands: a section, an aux head, or inside a block. */
export interface NodeBase {
  /** Unique in the module; instantiation records each node's output shapes by it. */
  id: number;
  span: Span;
  comments: Comments;
}

/** An op call. */
export interface OpNode extends NodeBase {
  kind: 'op';
  /** The surface op (`conv`, `maxpool`). */
  op: string;
  settings: ReadonlyMap<string, SettingExpr>;
  /** The filters come from `in`, so the width multiplier leaves them alone. */
  fixedFilters: boolean;
  name: Name;
  /** `as NAME`: an aux head may tap the op's output by it. */
  alias?: Name;
  repeat?: Expr;
}

/** A block argument as written: bound to its parameter, by position or by `key=`. */
export interface Argument {
  param: string;
  expr: Expr;
  keyword: boolean;
}

/** A block instance. */
export interface InstanceNode extends NodeBase {
  kind: 'instance';
  /** The block graph it instantiates (`BlockGraph.key`). */
  block: string;
  args: Argument[];
  name: Name;
  repeat?: Expr;
}

/** `split { … } { … }`: parallel groups from the current tensor, concatenated. */
export interface SplitNode extends NodeBase {
  kind: 'split';
  name: Name;
  /** Named with `as` (rather than counted). */
  named: boolean;
  groups: Array<{ span: Span; body: Node[] }>;
}

/** What a sequence holds. */
export type Node = OpNode | InstanceNode | SplitNode;

/** A branch of a block body. */
export interface Branch {
  label: string;
  span: Span;
  body: Node[];
  comments: Comments;
}

/** A block as the model uses it. */
export interface BlockGraph {
  /** Unique per graph: the block's name, with a suffix when it needs a second graph. */
  key: string;
  /** The block's name in the spec. */
  name: string;
  nameSpan: Span;
  params: Array<{ name: string; kind: ValueKind; default?: Expr; span: Span }>;
  body: { kind: 'branches'; branches: Branch[] } | { kind: 'sequence'; body: Node[] };
  residual?: {
    scale: Expr;
    act: Expr;
    project?: OpNode;
    span: Span;
    /** Where `scale=` and `act=` were written (undefined for the defaults). */
    scaleSpan: Span | undefined;
    actSpan: Span | undefined;
    /** The `project` statement, for errors about the residual path as a whole. */
    projectSpan: Span | undefined;
  };
  comments: Comments;
}

/** `stem`, `body` or `head`. */
export interface Section {
  name: 'stem' | 'body' | 'head';
  body: Node[];
  comments: Comments;
}

/** An auxiliary classifier. */
export interface AuxHead {
  name: string;
  nameSpan: Span;
  /** The instance, named op or layer it taps. */
  at: string;
  atSpan: Span;
  weight: number;
  body: Node[];
  span: Span;
  comments: Comments;
}

/** The model, elaborated. */
export interface ModuleIR {
  name: string;
  nameSpan: Span;
  /** The spec file (as diagnostics name it). */
  source: string;
  /** From the spec; instantiation can override it. */
  input?: { dims: number[]; span: Span };
  classes: number;
  classesSpan?: Span;
  /** The `defaults` settings per surface op, for the printer's constants. */
  defaults: ReadonlyMap<string, ReadonlyMap<string, SettingExpr>>;
  /** Graphs of the blocks the model uses, callees first. */
  blocks: BlockGraph[];
  sections: Section[];
  aux: AuxHead[];
  train?: IRTrain;
  comments: Comments;
}
