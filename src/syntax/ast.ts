/**
 * The AST mirrors the text: every node has a `kind` and the `span` it was read from. Nodes that a
 * user can comment (model items, blocks, statements) carry the comments attached to them, so the
 * emitter and the formatter never lose one.
 */
import type { Span } from '../diagnostics/Span.js';

/** Comments attached to a node: whole lines above it, and one at the end of its first line. */
export interface Comments {
  leading: Comment[];
  trailing?: Comment;
  /** Comments inside the node's braces with no statement after them. */
  dangling?: Comment[];
}

/** One `#` comment; `text` drops the `#`, one blank after it and trailing blanks (indentation is kept). */
export interface Comment {
  kind: 'Comment';
  span: Span;
  text: string;
}

/** A word with the place it was written. */
export interface Ident {
  kind: 'Ident';
  span: Span;
  name: string;
}

/** The root of one `.incep` file. */
export interface FileNode {
  kind: 'File';
  span: Span;
  imports: ImportNode[];
  blocks: BlockDef[];
  models: ModelNode[];
  /** Every comment of the file in source order (each is also attached to a node or below). */
  comments: Comment[];
  /** Comments after the last item of the file. */
  trailingComments: Comment[];
}

/** `import "lib/reductions.incep"` */
export interface ImportNode {
  kind: 'Import';
  span: Span;
  path: string;
  pathSpan: Span;
  comments: Comments;
}

/** `model InceptionV3 { … }` */
export interface ModelNode {
  kind: 'Model';
  span: Span;
  name: Ident;
  input?: InputDecl;
  classes?: ClassesDecl;
  defaults?: DefaultsDecl;
  blocks: BlockDef[];
  sections: SectionDecl[];
  aux: AuxDecl[];
  train?: TrainDecl;
  /** Single-valued items written more than once (`input`, `classes`, `defaults`, `train`). */
  duplicates: Array<{ what: string; span: Span; first: Span }>;
  comments: Comments;
}

/** `input 299x299x3` */
export interface InputDecl {
  kind: 'Input';
  span: Span;
  dims: number[];
  comments: Comments;
}

/** `classes 1000` */
export interface ClassesDecl {
  kind: 'Classes';
  span: Span;
  value: number;
  comments: Comments;
}

/** `defaults { conv: nobias bn(scale=false) relu same }` */
export interface DefaultsDecl {
  kind: 'Defaults';
  span: Span;
  items: DefaultItem[];
  comments: Comments;
}

/** One line of `defaults`: the op kind it applies to and its arguments. */
export interface DefaultItem {
  kind: 'DefaultItem';
  span: Span;
  op: Ident;
  args: Arg[];
  comments: Comments;
}

/** Which plain sequence a section is. */
export type SectionName = 'stem' | 'body' | 'head';

/** `stem { … }`, `body { … }`, `head { … }` */
export interface SectionDecl {
  kind: 'Section';
  span: Span;
  name: SectionName;
  keywordSpan: Span;
  body: Statement[];
  comments: Comments;
}

/** `aux logits at mixed7 weight 0.4 { … }` */
export interface AuxDecl {
  kind: 'Aux';
  span: Span;
  name: Ident;
  at: Ident;
  weight?: NumberLit;
  body: Statement[];
  comments: Comments;
}

/** `train { optimizer rmsprop(lr=0.045) … }` */
export interface TrainDecl {
  kind: 'Train';
  span: Span;
  items: TrainItem[];
  comments: Comments;
}

/** One line of `train`. */
export interface TrainItem {
  kind: 'TrainItem';
  span: Span;
  key: Ident;
  args: Arg[];
  comments: Comments;
}

/** `block Name(params) residual(scale=0.17) { … }` */
export interface BlockDef {
  kind: 'BlockDef';
  span: Span;
  name: Ident;
  params: Param[];
  /** Present for residual blocks; holds `scale=` and `act=`. */
  residual?: { span: Span; args: Arg[] };
  body: Statement[];
  comments: Comments;
}

/** A block parameter, optionally with a default value. */
export interface Param {
  kind: 'Param';
  span: Span;
  name: Ident;
  default?: Value;
}

/** What can stand in a sequence. */
export type Statement = CallStmt | BranchStmt | SplitStmt | ProjectStmt;

/** `conv 64 3x3 /2 valid` or `A(32) x 2 as mixed1`. */
export interface CallStmt {
  kind: 'Call';
  span: Span;
  callee: Ident;
  args: Arg[];
  repeat?: Expr;
  alias?: Ident;
  comments: Comments;
}

/** `branch b5x5 { … }` */
export interface BranchStmt {
  kind: 'Branch';
  span: Span;
  name?: Ident;
  keywordSpan: Span;
  body: Statement[];
  comments: Comments;
}

/** `split { … } { … } as name` */
export interface SplitStmt {
  kind: 'Split';
  span: Span;
  keywordSpan: Span;
  groups: Array<{ span: Span; body: Statement[] }>;
  alias?: Ident;
  comments: Comments;
}

/** `project conv in 1x1 bias linear nobn` */
export interface ProjectStmt {
  kind: 'Project';
  span: Span;
  keywordSpan: Span;
  call: CallStmt;
  comments: Comments;
}

/** An argument of an op, block or option. */
export type Arg = PositionalArg | KeywordArg | WordArg;

/** A plain value: `64`, `3x3`, `/2`, `(c7*2)`. */
export interface PositionalArg {
  kind: 'Positional';
  span: Span;
  value: Value;
  unit?: Ident;
}

/** `key=value`, optionally with a unit (`every=2 epochs`). */
export interface KeywordArg {
  kind: 'Keyword';
  span: Span;
  key: Ident;
  value: Value;
  unit?: Ident;
}

/** A bare word (`relu`, `same`, a parameter name) or an option call (`bn(scale=false)`). */
export interface WordArg {
  kind: 'Word';
  span: Span;
  name: Ident;
  args?: Arg[];
}

/** An argument value. */
export type Value = DimsLit | StrideLit | Expr;

/** `3x3`, `299x299x3` */
export interface DimsLit {
  kind: 'Dims';
  span: Span;
  dims: number[];
}

/** `/2` */
export interface StrideLit {
  kind: 'Stride';
  span: Span;
  value: number;
}

/** Arithmetic over numbers and names. */
export type Expr = NumberLit | NameRef | BinaryExpr | UnaryExpr;

/** `64`, `0.17` */
export interface NumberLit {
  kind: 'Number';
  span: Span;
  value: number;
  /** Written without a decimal point or exponent. */
  isInt: boolean;
}

/** A name inside an expression: a parameter, `in`, `classes`, `true`, `relu`. */
export interface NameRef {
  kind: 'Name';
  span: Span;
  name: string;
}

/** `a * b`; `/` is true division, `//` floor division. */
export interface BinaryExpr {
  kind: 'Binary';
  span: Span;
  op: '+' | '-' | '*' | '/' | '//' | '%';
  left: Expr;
  right: Expr;
}

/** `-a` */
export interface UnaryExpr {
  kind: 'Unary';
  span: Span;
  op: '-';
  operand: Expr;
}

/** A node that comments attach to. */
export type Commentable =
  | ImportNode
  | ModelNode
  | InputDecl
  | ClassesDecl
  | DefaultsDecl
  | DefaultItem
  | SectionDecl
  | AuxDecl
  | TrainDecl
  | TrainItem
  | BlockDef
  | CallStmt
  | BranchStmt
  | SplitStmt
  | ProjectStmt;

/** A fresh, empty comment slot. */
export function noComments(): Comments {
  return { leading: [] };
}
