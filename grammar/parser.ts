/**
 * The `.incep` grammar: a chevrotain parser whose rules build the AST as they read it (embedded
 * actions, no concrete syntax tree: a CST and a second walk over it took half the time of a
 * parse). The reference for every rule is `grammar/README.md`.
 *
 * Building stops at the first syntax error — a rule recovered by chevrotain may lack children —
 * and from then on only the errors, the unknown items and the missing separators are collected;
 * `parse` reports them all.
 */
import type { IToken } from 'chevrotain';
import type { Position, Span } from '../src/diagnostics/Span.js';
import * as A from '../src/syntax/ast.js';
import { errorMessageProvider } from '../src/syntax/errorMessages.js';
import { chevrotain } from './chevrotain.js';
import * as T from './tokens.js';

const { EmbeddedActionsParser } = chevrotain;

/**
 * What a rule returns once building has stopped. Nothing reads it: every rule that could would
 * itself have stopped building, so the AST types stay exact for the error-free parse.
 */
const STOPPED = undefined as never;

/** chevrotain's own recorder of syntax errors, which the parser wraps to stop building. */
const saveError = (EmbeddedActionsParser.prototype as unknown as { SAVE_ERROR: (this: unknown, e: unknown) => unknown })
  .SAVE_ERROR;

/** A word where a file or model item belongs; `parse` reports each one with a suggestion. */
export interface UnknownItem {
  word: IToken;
  inModel: boolean;
}

/** Parses a filtered token stream (see `filterNewlines`) into the AST. Reuse the one instance. */
export class IncepParser extends EmbeddedActionsParser {
  /** How many free `key=value` values are being read (outside parentheses); see `keyValue`. */
  private freeValue = 0;
  /** Whether rules build AST nodes: from the end of the grammar's analysis to the first error. */
  private building = false;
  /** The file the spans name. */
  private fileName = '';
  /**
   * The last start and end positions made, by token: the nodes that begin or end at one token
   * (a call, its callee, its first argument…) share one position object, which halves what a
   * long spec allocates for its spans. Spans are never modified once made.
   */
  private startToken: IToken | undefined;
  private startPosition: Position | undefined;
  private endToken: IToken | undefined;
  private endPosition: Position | undefined;
  /** Unknown items read since `reset` (valid syntax, never a valid program). */
  unknownItems: UnknownItem[] = [];
  /**
   * The first tokens of statements that follow a call on the same line: `conv 8 1x1 as c conv 8
   * 1x1` is one line holding two statements, which the grammar alone would accept.
   */
  missingSeparators: IToken[] = [];

  /**
   * @param validate run chevrotain's grammar checks (ambiguities, left recursion, …). They cost
   * about a tenth of a second at every start of `incep` and can only fail when the grammar itself
   * is edited, so the one shared instance skips them and a test builds a validating one.
   */
  constructor(validate = false) {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      errorMessageProvider,
      skipValidations: !validate,
    });
    this.performSelfAnalysis();
  }

  /** Called before every parse: also forgets any `key=value` left open by an error. */
  override reset(): void {
    super.reset();
    this.freeValue = 0;
    // The grammar's analysis runs the rules on placeholder tokens: nothing to build from those.
    this.building = !this.RECORDING_PHASE;
    this.unknownItems = [];
    this.missingSeparators = [];
    this.startToken = this.endToken = undefined;
  }

  /** Sets the file name the AST's spans carry; `parseTokens` calls it. */
  setFileName(file: string): void {
    this.fileName = file;
  }

  /** chevrotain calls this for every syntax error, recovered or not. */
  protected SAVE_ERROR(error: unknown): unknown {
    this.building = false;
    return saveError.call(this, error);
  }

  /** file := (import | block | model | sep)* */
  public file = this.RULE('file', (): A.FileNode => {
    const first = this.LA(1);
    const imports: A.ImportNode[] = [];
    const blocks: A.BlockDef[] = [];
    const models: A.ModelNode[] = [];
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.sep) },
        { ALT: () => imports.push(this.SUBRULE(this.importDecl)) },
        { ALT: () => blocks.push(this.SUBRULE(this.blockDef)) },
        { ALT: () => models.push(this.SUBRULE(this.modelDecl)) },
        { ALT: () => this.SUBRULE(this.unknownItem, { ARGS: [false] }) },
      ]);
    });
    if (!this.building) return STOPPED;
    const span = first.tokenType === chevrotain.EOF ? this.emptyFileSpan() : this.spanFrom(first);
    return { kind: 'File', span, imports, blocks, models, comments: [], trailingComments: [] };
  });

  /**
   * A word where a file or model item belongs (`stme { … }`, `modle M { … }`, an op outside any
   * section). Never valid: `parse` reports each one with a suggestion. Reading it whole keeps one
   * misspelt keyword from cascading into errors about everything after it.
   */
  private unknownItem = this.RULE('unknownItem', (inModel: boolean): void => {
    const word = this.CONSUME(T.Identifier);
    // A word chevrotain inserted to recover has no place to report.
    if (!this.RECORDING_PHASE && !Number.isNaN(word.startOffset)) this.unknownItems.push({ word, inModel });
    this.OPTION3(() => this.CONSUME(T.StringLiteral));
    this.OPTION(() => this.SUBRULE(this.argList));
    this.SUBRULE(this.freeArgs);
    // A misspelt `aux` head: `aus logits at mixed7 weight 0.4 { … }`.
    this.OPTION4(() => {
      this.CONSUME(T.At);
      this.CONSUME(T.Name);
      this.SUBRULE2(this.freeArgs);
    });
    this.OPTION2(() => this.SUBRULE(this.unknownBody));
  });

  /** The braces after an unknown item: statements or model items, whichever the user meant. */
  private unknownBody = this.RULE('unknownBody', (): void => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.sep) },
        { ALT: () => this.CONSUME(T.Colon) },
        { ALT: () => this.SUBRULE(this.statement) },
        { ALT: () => this.SUBRULE(this.inputDecl) },
        { ALT: () => this.SUBRULE(this.classesDecl) },
        { ALT: () => this.SUBRULE(this.defaultsDecl) },
        { ALT: () => this.SUBRULE(this.sectionDecl) },
        { ALT: () => this.SUBRULE(this.auxDecl) },
        { ALT: () => this.SUBRULE(this.trainDecl) },
        { ALT: () => this.SUBRULE(this.blockDef) },
      ]);
    });
    this.CONSUME(T.RCurly);
  });

  private sep = this.RULE('sep', (): void => {
    this.OR([{ ALT: () => this.CONSUME(T.Newline) }, { ALT: () => this.CONSUME(T.Semicolon) }]);
  });

  private importDecl = this.RULE('importDecl', (): A.ImportNode => {
    const first = this.CONSUME(T.Import);
    const lit = this.CONSUME(T.StringLiteral);
    if (!this.building) return STOPPED;
    return {
      kind: 'Import',
      span: this.spanFrom(first),
      path: unquote(lit.image),
      pathSpan: this.tokenSpan(lit),
      comments: A.noComments(),
    };
  });

  private modelDecl = this.RULE('modelDecl', (): A.ModelNode => {
    const first = this.CONSUME(T.Model);
    const name = this.CONSUME(T.Identifier);
    // What the items hold; the node is made once the closing brace is read.
    const items: Omit<A.ModelNode, 'kind' | 'span' | 'name' | 'comments'> = {
      blocks: [],
      sections: [],
      aux: [],
      duplicates: [],
    };
    // Items arrive in source order, so a duplicate is reported at its second occurrence.
    const single = <K extends 'input' | 'classes' | 'defaults' | 'train'>(what: K, decl: A.ModelNode[K]): void => {
      if (!this.building || decl === undefined) return;
      const first = items[what];
      if (first) items.duplicates.push({ what, span: decl.span, first: first.span });
      else items[what] = decl;
    };
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.sep) },
        { ALT: () => single('input', this.SUBRULE(this.inputDecl)) },
        { ALT: () => single('classes', this.SUBRULE(this.classesDecl)) },
        { ALT: () => single('defaults', this.SUBRULE(this.defaultsDecl)) },
        { ALT: () => items.sections.push(this.SUBRULE(this.sectionDecl)) },
        { ALT: () => items.aux.push(this.SUBRULE(this.auxDecl)) },
        { ALT: () => single('train', this.SUBRULE(this.trainDecl)) },
        { ALT: () => items.blocks.push(this.SUBRULE(this.blockDef)) },
        { ALT: () => this.SUBRULE2(this.unknownItem, { ARGS: [true] }) },
      ]);
    });
    this.CONSUME(T.RCurly);
    if (!this.building) return STOPPED;
    return { kind: 'Model', span: this.spanFrom(first), name: this.ident(name), ...items, comments: A.noComments() };
  });

  private inputDecl = this.RULE('inputDecl', (): A.InputDecl => {
    const first = this.CONSUME(T.Input);
    const dims = this.CONSUME(T.Dims);
    if (!this.building) return STOPPED;
    return { kind: 'Input', span: this.spanFrom(first), dims: parseDims(dims.image), comments: A.noComments() };
  });

  private classesDecl = this.RULE('classesDecl', (): A.ClassesDecl => {
    const first = this.CONSUME(T.Classes);
    const value = this.CONSUME(T.Int);
    if (!this.building) return STOPPED;
    return { kind: 'Classes', span: this.spanFrom(first), value: Number(value.image), comments: A.noComments() };
  });

  private defaultsDecl = this.RULE('defaultsDecl', (): A.DefaultsDecl => {
    const first = this.CONSUME(T.Defaults);
    const items: A.DefaultItem[] = [];
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.sep) }, { ALT: () => items.push(this.SUBRULE(this.defaultItem)) }]);
    });
    this.CONSUME(T.RCurly);
    if (!this.building) return STOPPED;
    return { kind: 'Defaults', span: this.spanFrom(first), items, comments: A.noComments() };
  });

  /** `conv: nobias bn(epsilon=0.001) relu same` — an op kind and the arguments it defaults to. */
  private defaultItem = this.RULE('defaultItem', (): A.DefaultItem => {
    const op = this.CONSUME(T.Identifier);
    this.OPTION(() => this.CONSUME(T.Colon));
    const args = this.SUBRULE(this.freeArgs);
    if (!this.building) return STOPPED;
    return { kind: 'DefaultItem', span: this.spanFrom(op), op: this.ident(op), args, comments: A.noComments() };
  });

  /** `stem { … }`, `body { … }`, `head { … }`: sequences applied in that order. */
  private sectionDecl = this.RULE('sectionDecl', (): A.SectionDecl => {
    const kw = this.OR([
      { ALT: () => this.CONSUME(T.Stem) },
      { ALT: () => this.CONSUME(T.Body) },
      { ALT: () => this.CONSUME(T.Head) },
    ]);
    const seq = this.SUBRULE(this.seqBody);
    if (!this.building) return STOPPED;
    return {
      kind: 'Section',
      span: this.spanFrom(kw),
      name: kw.image as A.SectionName,
      keywordSpan: this.tokenSpan(kw),
      body: seq.body,
      comments: A.noComments(),
    };
  });

  /** `aux logits at mixed7 weight 0.4 { … }` */
  private auxDecl = this.RULE('auxDecl', (): A.AuxDecl => {
    const first = this.CONSUME(T.Aux);
    const name = this.CONSUME(T.Name, { LABEL: 'auxName' });
    this.CONSUME(T.At);
    const tap = this.CONSUME2(T.Name, { LABEL: 'tap' });
    const weight = this.OPTION(() => {
      this.CONSUME(T.Weight);
      return this.SUBRULE(this.number);
    });
    const seq = this.SUBRULE(this.seqBody);
    if (!this.building) return STOPPED;
    const aux: A.AuxDecl = {
      kind: 'Aux',
      span: this.spanFrom(first),
      name: this.ident(name),
      at: this.ident(tap),
      body: seq.body,
      comments: A.noComments(),
    };
    if (weight) aux.weight = weight;
    return aux;
  });

  private trainDecl = this.RULE('trainDecl', (): A.TrainDecl => {
    const first = this.CONSUME(T.Train);
    const items: A.TrainItem[] = [];
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.sep) }, { ALT: () => items.push(this.SUBRULE(this.trainItem)) }]);
    });
    this.CONSUME(T.RCurly);
    if (!this.building) return STOPPED;
    return { kind: 'Train', span: this.spanFrom(first), items, comments: A.noComments() };
  });

  /** `optimizer rmsprop(lr=0.045)`, `clipnorm 2.0`, `label_smoothing 0.1` */
  private trainItem = this.RULE('trainItem', (): A.TrainItem => {
    const key = this.CONSUME(T.Identifier);
    const args = this.SUBRULE(this.freeArgs);
    if (!this.building) return STOPPED;
    return { kind: 'TrainItem', span: this.spanFrom(key), key: this.ident(key), args, comments: A.noComments() };
  });

  /** `block Name(params) residual(scale=0.17) { … }` */
  private blockDef = this.RULE('blockDef', (): A.BlockDef => {
    const first = this.CONSUME(T.Block);
    const name = this.CONSUME(T.Identifier);
    const params = this.OPTION(() => this.SUBRULE(this.paramList));
    const residual = this.OPTION2(() => {
      const kw = this.CONSUME(T.Residual);
      const args = this.OPTION3(() => this.SUBRULE(this.argList));
      return this.building ? { span: this.spanFrom(kw), args: args ?? [] } : STOPPED;
    });
    const seq = this.SUBRULE(this.seqBody);
    if (!this.building) return STOPPED;
    const def: A.BlockDef = {
      kind: 'BlockDef',
      span: this.spanFrom(first),
      name: this.ident(name),
      params: params ?? [],
      body: seq.body,
      comments: A.noComments(),
    };
    if (residual) def.residual = residual;
    return def;
  });

  private paramList = this.RULE('paramList', (): A.Param[] => {
    const params: A.Param[] = [];
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => params.push(this.SUBRULE(this.param)),
    });
    this.CONSUME(T.RParen);
    return params;
  });

  private param = this.RULE('param', (): A.Param => {
    const name = this.CONSUME(T.Name);
    const value = this.OPTION(() => {
      this.CONSUME(T.Equals);
      return this.SUBRULE(this.value);
    });
    if (!this.building) return STOPPED;
    const param: A.Param = { kind: 'Param', span: this.spanFrom(name), name: this.ident(name) };
    if (value) param.default = value;
    return param;
  });

  /** A braced sequence, in the shape a split's group takes. */
  private seqBody = this.RULE('seqBody', (): { span: Span; body: A.Statement[] } => {
    const first = this.CONSUME(T.LCurly);
    const body: A.Statement[] = [];
    // Whether the last statement was a call or projection with no separator read after it yet.
    let openCall = false;
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.SUBRULE(this.sep);
            openCall = false;
          },
        },
        {
          ALT: () => {
            const start = this.LA(1);
            body.push(this.SUBRULE(this.statement));
            if (this.RECORDING_PHASE) return;
            if (openCall && !Number.isNaN(start.startOffset)) this.missingSeparators.push(start);
            openCall = start.tokenType !== T.Branch && start.tokenType !== T.Split;
          },
        },
      ]);
    });
    this.CONSUME(T.RCurly);
    if (!this.building) return STOPPED;
    return { span: this.spanFrom(first), body };
  });

  private statement = this.RULE('statement', (): A.Statement =>
    this.OR<A.Statement>([
      { ALT: () => this.SUBRULE(this.branchStmt) },
      { ALT: () => this.SUBRULE(this.splitStmt) },
      { ALT: () => this.SUBRULE(this.projectStmt) },
      { ALT: () => this.SUBRULE(this.callStmt) },
    ]),
  );

  /** `branch b5x5 { … }`: one parallel path of a block. */
  private branchStmt = this.RULE('branchStmt', (): A.BranchStmt => {
    const kw = this.CONSUME(T.Branch);
    const name = this.OPTION(() => this.CONSUME(T.Name));
    const seq = this.SUBRULE(this.seqBody);
    if (!this.building) return STOPPED;
    const stmt: A.BranchStmt = {
      kind: 'Branch',
      span: this.spanFrom(kw),
      keywordSpan: this.tokenSpan(kw),
      body: seq.body,
      comments: A.noComments(),
    };
    if (name) stmt.name = this.ident(name);
    return stmt;
  });

  /** `split { conv 384 1x3 } { conv 384 3x1 } as mixed9_0`: parallel paths inside a sequence. */
  private splitStmt = this.RULE('splitStmt', (): A.SplitStmt => {
    const kw = this.CONSUME(T.Split);
    const groups: Array<{ span: Span; body: A.Statement[] }> = [];
    this.AT_LEAST_ONE(() => {
      groups.push(this.SUBRULE(this.seqBody));
    });
    const alias = this.OPTION(() => {
      this.CONSUME(T.As);
      return this.CONSUME(T.Name);
    });
    if (!this.building) return STOPPED;
    const stmt: A.SplitStmt = {
      kind: 'Split',
      span: this.spanFrom(kw),
      keywordSpan: this.tokenSpan(kw),
      groups,
      comments: A.noComments(),
    };
    if (alias) stmt.alias = this.ident(alias);
    return stmt;
  });

  /** `project conv in 1x1 bias linear nobn`: the residual projection of a residual block. */
  private projectStmt = this.RULE('projectStmt', (): A.ProjectStmt => {
    const kw = this.CONSUME(T.Project);
    const call = this.SUBRULE(this.callStmt);
    if (!this.building) return STOPPED;
    return {
      kind: 'Project',
      span: this.spanFrom(kw),
      keywordSpan: this.tokenSpan(kw),
      call,
      comments: A.noComments(),
    };
  });

  /** `conv 64 3x3 /2 valid`, `A(32) x 2 as mixed1`: an op or a block instance. */
  private callStmt = this.RULE('callStmt', (): A.CallStmt => {
    const callee = this.CONSUME(T.Identifier);
    const listed = this.OPTION(() => this.SUBRULE(this.argList));
    const free = this.SUBRULE(this.freeArgs);
    const repeat = this.OPTION2(() => {
      this.CONSUME(T.Times);
      return this.SUBRULE(this.primary, { LABEL: 'repeat' });
    });
    const alias = this.OPTION3(() => {
      this.CONSUME(T.As);
      return this.CONSUME(T.Name);
    });
    if (!this.building) return STOPPED;
    const call: A.CallStmt = {
      kind: 'Call',
      span: this.spanFrom(callee),
      callee: this.ident(callee),
      args: listed ? [...listed, ...free] : free,
      comments: A.noComments(),
    };
    if (repeat) call.repeat = repeat;
    if (alias) call.alias = this.ident(alias);
    return call;
  });

  private argList = this.RULE('argList', (): A.Arg[] => {
    const args: A.Arg[] = [];
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => args.push(this.SUBRULE(this.arg)),
    });
    this.CONSUME(T.RParen);
    return args;
  });

  /** `64`, `kernel=3x3`, `every=2 epochs` (a value may carry a unit word). */
  private arg = this.RULE('arg', (): A.Arg => {
    const first = this.LA(1);
    const key = this.OPTION(() => {
      const name = this.CONSUME(T.Name, { LABEL: 'key' });
      this.CONSUME(T.Equals);
      return name;
    });
    const value = this.SUBRULE(this.value);
    const unitToken = this.OPTION2(() => this.CONSUME2(T.Name, { LABEL: 'unit' }));
    if (!this.building) return STOPPED;
    const unit = unitToken ? this.ident(unitToken) : undefined;
    if (key) {
      const kw: A.KeywordArg = { kind: 'Keyword', span: this.spanFrom(first), key: this.ident(key), value };
      if (unit) kw.unit = unit;
      return kw;
    }
    // A lone word in a call list reads as a word argument, the same as in free position.
    if (value.kind === 'Name' && !unit) {
      return { kind: 'Word', span: value.span, name: { kind: 'Ident', span: value.span, name: value.name } };
    }
    const pos: A.PositionalArg = { kind: 'Positional', span: this.spanFrom(first), value };
    if (unit) pos.unit = unit;
    return pos;
  });

  private value = this.RULE('value', (): A.Value =>
    this.OR<A.Value>([
      { ALT: () => this.dims(this.CONSUME(T.Dims)) },
      { ALT: () => this.SUBRULE(this.stride) },
      { ALT: () => this.SUBRULE(this.expression) },
    ]),
  );

  /** Whitespace-separated arguments; commas between them are allowed for readability. */
  private freeArgs = this.RULE('freeArgs', (): A.Arg[] => {
    const args: A.Arg[] = [];
    this.MANY(() => {
      args.push(this.SUBRULE(this.freeArg));
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    return args;
  });

  private freeArg = this.RULE('freeArg', (): A.Arg => {
    const value = this.OR<A.DimsLit | A.StrideLit | A.KeywordArg | A.WordArg | A.NumberLit>([
      { ALT: () => this.dims(this.CONSUME(T.Dims)) },
      { ALT: () => this.SUBRULE(this.stride) },
      { ALT: () => this.SUBRULE(this.keyValue) },
      { ALT: () => this.SUBRULE(this.word) },
      { ALT: () => this.SUBRULE(this.number) },
    ]);
    if (!this.building) return STOPPED;
    return value.kind === 'Keyword' || value.kind === 'Word' ? value : { kind: 'Positional', span: value.span, value };
  });

  private stride = this.RULE('stride', (): A.StrideLit => {
    const slash = this.CONSUME(T.Slash);
    const int = this.CONSUME(T.Int);
    if (!this.building) return STOPPED;
    return { kind: 'Stride', span: this.spanFrom(slash), value: Number(int.image) };
  });

  /**
   * `key=value` among free arguments. Its value is an expression, but a `/` written like a stride
   * (a blank before it, none after: `kernel=3 /2`) ends it and is the op's stride; `in/2`,
   * `in / 2` and `(in /2)` divide.
   */
  private keyValue = this.RULE('keyValue', (): A.KeywordArg => {
    const key = this.CONSUME(T.Name);
    this.CONSUME(T.Equals);
    this.ACTION(() => {
      this.freeValue++;
    });
    let value: A.Value;
    try {
      value = this.SUBRULE(this.value);
    } finally {
      this.ACTION(() => {
        this.freeValue--;
      });
    }
    if (!this.building) return STOPPED;
    return { kind: 'Keyword', span: this.spanFrom(key), key: this.ident(key), value };
  });

  /** Inside a free `key=value` (outside parentheses), the next tokens read `/INT` like a stride. */
  private strideAhead(): boolean {
    if (this.freeValue === 0) return false;
    const prev = this.LA(0);
    const slash = this.LA(1);
    const int = this.LA(2);
    return (
      slash.tokenType === T.Slash &&
      int.tokenType === T.Int &&
      int.startOffset === slash.startOffset + 1 &&
      slash.startOffset > T.lastOffset(prev) + 1
    );
  }

  /** A bare word (`relu`, `same`, a parameter) or a nested option call (`bn(scale=false)`). */
  private word = this.RULE('word', (): A.WordArg => {
    const name = this.CONSUME(T.Name);
    const args = this.OPTION(() => this.SUBRULE(this.argList));
    if (!this.building) return STOPPED;
    const id = this.ident(name);
    const w: A.WordArg = { kind: 'Word', span: args ? this.spanFrom(name) : id.span, name: id };
    if (args) w.args = args;
    return w;
  });

  private number = this.RULE('number', (): A.NumberLit => {
    const first = this.LA(1);
    const minus = this.OPTION(() => this.CONSUME(T.Minus));
    const lit = this.OR([{ ALT: () => this.CONSUME(T.Int) }, { ALT: () => this.CONSUME(T.Float) }]);
    if (!this.building) return STOPPED;
    const value = Number(lit.image);
    return {
      kind: 'Number',
      span: this.spanFrom(first),
      value: minus ? -value : value,
      isInt: lit.tokenType === T.Int,
    };
  });

  private expression = this.RULE('expression', (): A.Expr => {
    let left = this.SUBRULE(this.term, { LABEL: 'operands' });
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => this.CONSUME(T.Plus, { LABEL: 'operators' }) },
        { ALT: () => this.CONSUME(T.Minus, { LABEL: 'operators' }) },
      ]);
      const right = this.SUBRULE2(this.term, { LABEL: 'operands' });
      if (this.building) left = this.binary(op, left, right);
    });
    return left;
  });

  private term = this.RULE('term', (): A.Expr => {
    let left = this.SUBRULE(this.unary, { LABEL: 'operands' });
    this.MANY({
      GATE: () => !this.strideAhead(),
      DEF: () => {
        const op = this.OR([
          { ALT: () => this.CONSUME(T.Star, { LABEL: 'operators' }) },
          { ALT: () => this.CONSUME(T.DoubleSlash, { LABEL: 'operators' }) },
          { ALT: () => this.CONSUME(T.Slash, { LABEL: 'operators' }) },
          { ALT: () => this.CONSUME(T.Percent, { LABEL: 'operators' }) },
        ]);
        const right = this.SUBRULE2(this.unary, { LABEL: 'operands' });
        if (this.building) left = this.binary(op, left, right);
      },
    });
    return left;
  });

  private unary = this.RULE('unary', (): A.Expr =>
    this.OR([
      {
        ALT: () => {
          const minus = this.CONSUME(T.Minus);
          const operand = this.SUBRULE(this.unary);
          if (!this.building) return STOPPED;
          const span = { file: this.fileName, start: this.startOf(minus), end: operand.span.end };
          return { kind: 'Unary', span, op: '-', operand } satisfies A.UnaryExpr;
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]),
  );

  private primary = this.RULE('primary', (): A.Expr =>
    this.OR([
      { ALT: () => this.numberToken(this.CONSUME(T.Int)) },
      { ALT: () => this.numberToken(this.CONSUME(T.Float)) },
      {
        ALT: () => {
          const name = this.CONSUME(T.Name);
          return this.building ? ({ kind: 'Name', span: this.tokenSpan(name), name: name.image } as const) : STOPPED;
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          // Parentheses restore ordinary division inside a free `key=value`.
          let saved = 0;
          this.ACTION(() => {
            saved = this.freeValue;
            this.freeValue = 0;
          });
          let inner: A.Expr;
          try {
            inner = this.SUBRULE(this.expression);
          } finally {
            this.ACTION(() => {
              this.freeValue = saved;
            });
          }
          this.CONSUME(T.RParen);
          // The span takes in the parentheses, so `(c*2)+1` quoted from its span stays balanced.
          return this.building ? { ...inner, span: this.spanFrom(open) } : STOPPED;
        },
      },
    ]),
  );

  private binary(op: IToken, left: A.Expr, right: A.Expr): A.BinaryExpr {
    const span = { file: this.fileName, start: left.span.start, end: right.span.end };
    return { kind: 'Binary', span, op: op.image as A.BinaryExpr['op'], left, right };
  }

  private dims(tok: IToken): A.DimsLit {
    return this.building ? { kind: 'Dims', span: this.tokenSpan(tok), dims: parseDims(tok.image) } : STOPPED;
  }

  private numberToken(tok: IToken): A.NumberLit {
    if (!this.building) return STOPPED;
    return { kind: 'Number', span: this.tokenSpan(tok), value: Number(tok.image), isInt: tok.tokenType === T.Int };
  }

  private ident(tok: IToken): A.Ident {
    return { kind: 'Ident', span: this.tokenSpan(tok), name: tok.image };
  }

  private tokenSpan(tok: IToken): Span {
    return { file: this.fileName, start: this.startOf(tok), end: this.endOf(tok) };
  }

  /** From `first` to the last token read. */
  private spanFrom(first: IToken): Span {
    return { file: this.fileName, start: this.startOf(first), end: this.endOf(this.LA(0)) };
  }

  private startOf(tok: IToken): Position {
    if (tok !== this.startToken) {
      this.startToken = tok;
      this.startPosition = { offset: tok.startOffset, line: tok.startLine ?? 1, column: tok.startColumn ?? 1 };
    }
    return this.startPosition!;
  }

  private endOf(tok: IToken): Position {
    if (tok !== this.endToken) {
      this.endToken = tok;
      this.endPosition = {
        offset: T.lastOffset(tok) + 1,
        line: tok.endLine ?? tok.startLine ?? 1,
        column: T.lastColumn(tok) + 1,
      };
    }
    return this.endPosition!;
  }

  /** An empty file's span. */
  private emptyFileSpan(): Span {
    const at = { offset: 0, line: 1, column: 1 };
    return { file: this.fileName, start: at, end: at };
  }
}

function parseDims(image: string): number[] {
  return image.split('x').map(Number);
}

function unquote(image: string): string {
  return image.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** The one parser instance: chevrotain parsers are built once and reset per input. */
export const incepParser = new IncepParser();

/**
 * Parses already-filtered tokens of `file`. The AST is undefined when there were syntax errors;
 * the caller reads `incepParser.errors`, `unknownItems` and `missingSeparators` afterwards.
 */
export function parseTokens(tokens: IToken[], file: string): A.FileNode | undefined {
  incepParser.setFileName(file);
  // Setting the input resets the parser (see `reset`).
  incepParser.input = tokens;
  const ast = incepParser.file();
  return incepParser.errors.length === 0 ? ast : undefined;
}
