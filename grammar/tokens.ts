/**
 * Tokens of the `.incep` language.
 *
 * Keywords come in two kinds. Hard keywords (`model`, `block`, `branch`, `split`, `residual`,
 * `import`, `as`, `at`, `x`) structure the text and can never be names. Soft keywords (`input`,
 * `classes`, `defaults`, `stem`, `body`, `head`, `aux`, `train`, `weight`, `project`, `in`) lead a
 * section but stay usable as plain words where a name is expected (`dense classes softmax`,
 * `bn(scale=false)`, `conv in 1x1`): they share the `Name` category with `Identifier`.
 */
import type { IToken, TokenType } from 'chevrotain';
import { chevrotain } from './chevrotain.js';

const { createToken, Lexer } = chevrotain;

/** Any word: an identifier or a soft keyword. Abstract; never produced by the lexer itself. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA });

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Name],
});

function keyword(word: string, soft: boolean): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: soft ? [Name] : [],
  });
}

// Hard keywords.
export const Model = keyword('model', false);
export const Block = keyword('block', false);
export const Branch = keyword('branch', false);
export const Split = keyword('split', false);
export const Residual = keyword('residual', false);
export const Import = keyword('import', false);
export const As = keyword('as', false);
export const At = keyword('at', false);
export const Times = createToken({ name: 'Times', pattern: /x/, longer_alt: Identifier });

// Soft keywords.
export const Input = keyword('input', true);
export const Classes = keyword('classes', true);
export const Defaults = keyword('defaults', true);
export const Stem = keyword('stem', true);
export const Body = keyword('body', true);
export const Head = keyword('head', true);
export const Aux = keyword('aux', true);
export const Train = keyword('train', true);
export const Weight = keyword('weight', true);
export const Project = keyword('project', true);
export const In = keyword('in', true);

/**
 * A word with a non-ASCII character (`Modèle`, `3×3`, `→`). It counts as a name for the parser, so
 * the rest of the line still parses; `parse` reports it as one lexical error at that character.
 */
export const NonAsciiWord = createToken({
  name: 'NonAsciiWord',
  pattern: /[A-Za-z0-9_.]*[\u0080-\uffff][A-Za-z0-9_.\u0080-\uffff]*/,
  categories: [Identifier, Name],
});

/** `3x3`, `1x7`, `299x299x3`: sizes read as one token so `x` stays free for repeats. */
export const Dims = createToken({ name: 'Dims', pattern: /\d+(?:x\d+)+(?![A-Za-z0-9_])/ });
export const Float = createToken({
  name: 'Float',
  pattern: /(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)(?![A-Za-z_])/,
});
export const Int = createToken({ name: 'Int', pattern: /\d+(?![A-Za-z_])/ });
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\n\r]|\\.)*"/,
});
/**
 * A string with no closing quote on its line. It counts as a string for the parser (so the rest
 * of the file still parses); `parse` reports it as one lexical error instead of a cascade.
 */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\n\r]|\\.)*/,
  categories: [StringLiteral],
});

export const LCurly = createToken({ name: 'LCurly', pattern: /{/, label: "'{'" });
export const RCurly = createToken({ name: 'RCurly', pattern: /}/, label: "'}'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, label: "';'" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: /-/, label: "'-'" });
export const Star = createToken({ name: 'Star', pattern: /\*/, label: "'*'" });
export const DoubleSlash = createToken({ name: 'DoubleSlash', pattern: /\/\//, label: "'//'" });
export const Slash = createToken({ name: 'Slash', pattern: /\//, label: "'/'" });
export const Percent = createToken({ name: 'Percent', pattern: /%/, label: "'%'" });

/** Newlines end statements (as `;` does); the token filter drops the ones that carry no meaning. */
export const Newline = createToken({ name: 'Newline', pattern: /\r?\n/, label: 'end of line', line_breaks: true });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\f\v]+/, group: Lexer.SKIPPED });
/** Comments go to their own group: kept for the formatter and the emitter, never parsed. */
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n\r]*/, group: 'comments' });

/** Every token, in match order: keywords before `Identifier`, `Dims` and `Float` before `Int`. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Newline,
  StringLiteral,
  UnterminatedString,
  NonAsciiWord,
  Dims,
  Float,
  Int,
  Model,
  Block,
  Branch,
  Split,
  Residual,
  Import,
  As,
  At,
  Input,
  Classes,
  Defaults,
  Stem,
  Body,
  Head,
  Aux,
  Train,
  Weight,
  Project,
  In,
  Times,
  Identifier,
  Name,
  LCurly,
  RCurly,
  LParen,
  RParen,
  Comma,
  Colon,
  Semicolon,
  Equals,
  Plus,
  Minus,
  Star,
  DoubleSlash,
  Slash,
  Percent,
];

/**
 * The lexer's options. Its checks of the token definitions (unreachable patterns and the like)
 * are skipped at run time, like the parser's: they can only fail when this file is edited, and a
 * test builds a validating lexer from the same options. Tokens carry where they start only:
 * tracking where each one ends made lexing three times slower, and no token but a line break
 * spans lines, so `lastOffset` and `lastColumn` read the end from the image.
 */
export const lexerConfig = {
  positionTracking: 'onlyStart',
  ensureOptimizations: false,
  skipValidations: true,
} as const;

/** The offset of a token's last character (tokens made by hand may carry it). */
export function lastOffset(tok: IToken): number {
  return tok.endOffset ?? tok.startOffset + Math.max(1, tok.image.length) - 1;
}

/** The column of a token's last character, on its first line. */
export function lastColumn(tok: IToken): number {
  return tok.endColumn ?? (tok.startColumn ?? 1) + Math.max(1, tok.image.length) - 1;
}

/** The one lexer instance; chevrotain lexers are stateless between `tokenize` calls. */
export const incepLexer = new Lexer(allTokens, lexerConfig);
