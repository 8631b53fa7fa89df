/**
 * The `.incep` grammar: a pure chevrotain `CstParser` (no embedded actions). The CST → AST step
 * lives in `src/syntax/toAst.ts`; the reference for every rule is `grammar/README.md`.
 */
import type { CstNode, IToken } from 'chevrotain';
import { chevrotain } from './chevrotain.js';

const { CstParser } = chevrotain;
import { errorMessageProvider } from '../src/syntax/errorMessages.js';
import * as T from './tokens.js';

/** Parses a filtered token stream (see `filterNewlines`) into a CST. Reuse the one instance. */
export class IncepParser extends CstParser {
  /** How many free `key=value` values are being read (outside parentheses); see `keyValue`. */
  private freeValue = 0;

  /**
   * @param validate run chevrotain's grammar checks (ambiguities, left recursion, …). They cost
   * about a tenth of a second at every start of `incep` and can only fail when the grammar itself
   * is edited, so the one shared instance skips them and a test builds a validating one.
   */
  constructor(validate = false) {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: 'full',
      errorMessageProvider,
      skipValidations: !validate,
    });
    this.performSelfAnalysis();
  }

  /** Called before every parse: also forgets any `key=value` left open by an error. */
  override reset(): void {
    super.reset();
    this.freeValue = 0;
  }

  /** file := (import | block | model | sep)* */
  public file = this.RULE('file', () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.sep) },
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.blockDef) },
        { ALT: () => this.SUBRULE(this.modelDecl) },
        { ALT: () => this.SUBRULE(this.unknownItem) },
      ]);
    });
  });

  /**
   * A word where a file or model item belongs (`stme { … }`, `modle M { … }`, an op outside any
   * section). Never valid: `parse` reports each one with a suggestion. Reading it whole keeps one
   * misspelt keyword from cascading into errors about everything after it.
   */
  private unknownItem = this.RULE('unknownItem', () => {
    this.CONSUME(T.Identifier);
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
  private unknownBody = this.RULE('unknownBody', () => {
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

  private sep = this.RULE('sep', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Newline) }, { ALT: () => this.CONSUME(T.Semicolon) }]);
  });

  private importDecl = this.RULE('importDecl', () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.StringLiteral);
  });

  private modelDecl = this.RULE('modelDecl', () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.sep) },
        { ALT: () => this.SUBRULE(this.inputDecl) },
        { ALT: () => this.SUBRULE(this.classesDecl) },
        { ALT: () => this.SUBRULE(this.defaultsDecl) },
        { ALT: () => this.SUBRULE(this.sectionDecl) },
        { ALT: () => this.SUBRULE(this.auxDecl) },
        { ALT: () => this.SUBRULE(this.trainDecl) },
        { ALT: () => this.SUBRULE(this.blockDef) },
        { ALT: () => this.SUBRULE2(this.unknownItem) },
      ]);
    });
    this.CONSUME(T.RCurly);
  });

  private inputDecl = this.RULE('inputDecl', () => {
    this.CONSUME(T.Input);
    this.CONSUME(T.Dims);
  });

  private classesDecl = this.RULE('classesDecl', () => {
    this.CONSUME(T.Classes);
    this.CONSUME(T.Int);
  });

  private defaultsDecl = this.RULE('defaultsDecl', () => {
    this.CONSUME(T.Defaults);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.sep) }, { ALT: () => this.SUBRULE(this.defaultItem) }]);
    });
    this.CONSUME(T.RCurly);
  });

  /** `conv: nobias bn(epsilon=0.001) relu same` — an op kind and the arguments it defaults to. */
  private defaultItem = this.RULE('defaultItem', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.CONSUME(T.Colon));
    this.SUBRULE(this.freeArgs);
  });

  /** `stem { … }`, `body { … }`, `head { … }`: sequences applied in that order. */
  private sectionDecl = this.RULE('sectionDecl', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Stem) },
      { ALT: () => this.CONSUME(T.Body) },
      { ALT: () => this.CONSUME(T.Head) },
    ]);
    this.SUBRULE(this.seqBody);
  });

  /** `aux logits at mixed7 weight 0.4 { … }` */
  private auxDecl = this.RULE('auxDecl', () => {
    this.CONSUME(T.Aux);
    this.CONSUME(T.Name, { LABEL: 'auxName' });
    this.CONSUME(T.At);
    this.CONSUME2(T.Name, { LABEL: 'tap' });
    this.OPTION(() => {
      this.CONSUME(T.Weight);
      this.SUBRULE(this.number);
    });
    this.SUBRULE(this.seqBody);
  });

  private trainDecl = this.RULE('trainDecl', () => {
    this.CONSUME(T.Train);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.sep) }, { ALT: () => this.SUBRULE(this.trainItem) }]);
    });
    this.CONSUME(T.RCurly);
  });

  /** `optimizer rmsprop(lr=0.045)`, `clipnorm 2.0`, `label_smoothing 0.1` */
  private trainItem = this.RULE('trainItem', () => {
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.freeArgs);
  });

  /** `block Name(params) residual(scale=0.17) { … }` */
  private blockDef = this.RULE('blockDef', () => {
    this.CONSUME(T.Block);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.paramList));
    this.OPTION2(() => {
      this.CONSUME(T.Residual);
      this.OPTION3(() => this.SUBRULE(this.argList));
    });
    this.SUBRULE(this.seqBody);
  });

  private paramList = this.RULE('paramList', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => this.SUBRULE(this.param),
    });
    this.CONSUME(T.RParen);
  });

  private param = this.RULE('param', () => {
    this.CONSUME(T.Name);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.value);
    });
  });

  private seqBody = this.RULE('seqBody', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.sep) }, { ALT: () => this.SUBRULE(this.statement) }]);
    });
    this.CONSUME(T.RCurly);
  });

  private statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.branchStmt) },
      { ALT: () => this.SUBRULE(this.splitStmt) },
      { ALT: () => this.SUBRULE(this.projectStmt) },
      { ALT: () => this.SUBRULE(this.callStmt) },
    ]);
  });

  /** `branch b5x5 { … }`: one parallel path of a block. */
  private branchStmt = this.RULE('branchStmt', () => {
    this.CONSUME(T.Branch);
    this.OPTION(() => this.CONSUME(T.Name));
    this.SUBRULE(this.seqBody);
  });

  /** `split { conv 384 1x3 } { conv 384 3x1 } as mixed9_0`: parallel paths inside a sequence. */
  private splitStmt = this.RULE('splitStmt', () => {
    this.CONSUME(T.Split);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.seqBody));
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME(T.Name);
    });
  });

  /** `project conv in 1x1 bias linear nobn`: the residual projection of a residual block. */
  private projectStmt = this.RULE('projectStmt', () => {
    this.CONSUME(T.Project);
    this.SUBRULE(this.callStmt);
  });

  /** `conv 64 3x3 /2 valid`, `A(32) x 2 as mixed1`: an op or a block instance. */
  private callStmt = this.RULE('callStmt', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.argList));
    this.SUBRULE(this.freeArgs);
    this.OPTION2(() => {
      this.CONSUME(T.Times);
      this.SUBRULE(this.primary, { LABEL: 'repeat' });
    });
    this.OPTION3(() => {
      this.CONSUME(T.As);
      this.CONSUME(T.Name);
    });
  });

  private argList = this.RULE('argList', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => this.SUBRULE(this.arg),
    });
    this.CONSUME(T.RParen);
  });

  /** `64`, `kernel=3x3`, `every=2 epochs` (a value may carry a unit word). */
  private arg = this.RULE('arg', () => {
    this.OPTION(() => {
      this.CONSUME(T.Name, { LABEL: 'key' });
      this.CONSUME(T.Equals);
    });
    this.SUBRULE(this.value);
    this.OPTION2(() => this.CONSUME2(T.Name, { LABEL: 'unit' }));
  });

  private value = this.RULE('value', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Dims) },
      { ALT: () => this.SUBRULE(this.stride) },
      { ALT: () => this.SUBRULE(this.expression) },
    ]);
  });

  /** Whitespace-separated arguments; commas between them are allowed for readability. */
  private freeArgs = this.RULE('freeArgs', () => {
    this.MANY(() => {
      this.SUBRULE(this.freeArg);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
  });

  private freeArg = this.RULE('freeArg', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Dims) },
      { ALT: () => this.SUBRULE(this.stride) },
      { ALT: () => this.SUBRULE(this.keyValue) },
      { ALT: () => this.SUBRULE(this.word) },
      { ALT: () => this.SUBRULE(this.number) },
    ]);
  });

  private stride = this.RULE('stride', () => {
    this.CONSUME(T.Slash);
    this.CONSUME(T.Int);
  });

  /**
   * `key=value` among free arguments. Its value is an expression, but a `/` written like a stride
   * (a blank before it, none after: `kernel=3 /2`) ends it and is the op's stride; `in/2`,
   * `in / 2` and `(in /2)` divide.
   */
  private keyValue = this.RULE('keyValue', () => {
    this.CONSUME(T.Name);
    this.CONSUME(T.Equals);
    this.ACTION(() => {
      this.freeValue++;
    });
    try {
      this.SUBRULE(this.value);
    } finally {
      this.ACTION(() => {
        this.freeValue--;
      });
    }
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
      prev.endOffset !== undefined &&
      slash.startOffset > prev.endOffset + 1
    );
  }

  /** A bare word (`relu`, `same`, a parameter) or a nested option call (`bn(scale=false)`). */
  private word = this.RULE('word', () => {
    this.CONSUME(T.Name);
    this.OPTION(() => this.SUBRULE(this.argList));
  });

  private number = this.RULE('number', () => {
    this.OPTION(() => this.CONSUME(T.Minus));
    this.OR([{ ALT: () => this.CONSUME(T.Int) }, { ALT: () => this.CONSUME(T.Float) }]);
  });

  private expression = this.RULE('expression', () => {
    this.SUBRULE(this.term, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Plus, { LABEL: 'operators' }) },
        { ALT: () => this.CONSUME(T.Minus, { LABEL: 'operators' }) },
      ]);
      this.SUBRULE2(this.term, { LABEL: 'operands' });
    });
  });

  private term = this.RULE('term', () => {
    this.SUBRULE(this.unary, { LABEL: 'operands' });
    this.MANY({
      GATE: () => !this.strideAhead(),
      DEF: () => {
        this.OR([
          { ALT: () => this.CONSUME(T.Star, { LABEL: 'operators' }) },
          { ALT: () => this.CONSUME(T.DoubleSlash, { LABEL: 'operators' }) },
          { ALT: () => this.CONSUME(T.Slash, { LABEL: 'operators' }) },
          { ALT: () => this.CONSUME(T.Percent, { LABEL: 'operators' }) },
        ]);
        this.SUBRULE2(this.unary, { LABEL: 'operands' });
      },
    });
  });

  private unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  private primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Int) },
      { ALT: () => this.CONSUME(T.Float) },
      { ALT: () => this.CONSUME(T.Name) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          // Parentheses restore ordinary division inside a free `key=value`.
          let saved = 0;
          this.ACTION(() => {
            saved = this.freeValue;
            this.freeValue = 0;
          });
          try {
            this.SUBRULE(this.expression);
          } finally {
            this.ACTION(() => {
              this.freeValue = saved;
            });
          }
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });
}

/** The one parser instance: chevrotain parsers are built once and reset per input. */
export const incepParser = new IncepParser();

/** Parses already-filtered tokens; the caller reads `incepParser.errors` afterwards. */
export function parseTokens(tokens: IToken[]): CstNode {
  incepParser.reset();
  incepParser.input = tokens;
  return incepParser.file();
}
