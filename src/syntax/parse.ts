import type { IToken } from 'chevrotain';
import { Float, incepLexer, Int, lastOffset, NonAsciiWord, UnterminatedString } from '../../grammar/tokens.js';
import { incepParser, parseTokens, type UnknownItem } from '../../grammar/parser.js';
import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { didYouMean } from '../diagnostics/didYouMean.js';
import type { Position, Span } from '../diagnostics/Span.js';
import type * as A from './ast.js';
import { attachComments } from './attachComments.js';
import { HINT_SEPARATOR } from './errorMessages.js';
import { repairGuesses } from './repairGuesses.js';
import { filterNewlines } from './filterNewlines.js';

/** The outcome of reading one file: an AST when there were no lexical or syntax errors. */
export interface ParseResult {
  ast?: A.FileNode;
  diagnostics: Diagnostic[];
  /** With `ast`: the lexer's tokens (line breaks included) and its comment tokens, as read. */
  lexed?: { tokens: IToken[]; comments: IToken[] };
}

/** How deeply `(` and `{` may nest. */
export const MAX_NESTING = 256;

/** Spec files larger than this are refused before lexing, so no input can exhaust memory. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

/**
 * Tokens a file may hold. A 10,000-line Inception spec has about 150,000; four megabytes of
 * one-line statements would have a million, whose trees and layers take gigabytes and many
 * seconds, so such a file is refused after lexing.
 */
export const MAX_TOKENS = 500_000;

/**
 * Lexes and parses one `.incep` text. Syntax errors are collected with recovery (several per run);
 * the AST is returned only when there are none, so later phases never see a broken tree.
 */
export function parse(text: string, file: string): ParseResult {
  if (text.length > MAX_SOURCE_BYTES) {
    return {
      diagnostics: [
        error(
          'E0100',
          `'${file}' is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB`,
          { file, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } },
          'split the spec into files joined with `import`',
        ),
      ],
    };
  }
  const lexed = incepLexer.tokenize(text);
  const repaired = repairGuesses(lexed.tokens, lexed.errors, text, file);
  const diagnostics: Diagnostic[] = lexed.errors
    .filter((e) => !repaired.explained.has(e))
    .map((e) => {
      const ch = text.slice(e.offset, e.offset + Math.max(1, e.length));
      const span = pointSpan(
        file,
        { offset: e.offset, line: e.line ?? 1, column: e.column ?? 1 },
        Math.max(1, e.length),
      );
      return error('E0101', `unexpected character ${JSON.stringify(ch[0] ?? ch)}`, span, lexHint(ch));
    });
  for (const tok of lexed.tokens) {
    // 1e309 reads as Infinity: no such number may reach a range check that would take it for
    // valid, or a backend that would write it as null.
    if ((tok.tokenType === Int || tok.tokenType === Float) && !Number.isFinite(Number(tok.image))) {
      diagnostics.push(
        error(
          'E0402',
          'the number is too large to represent',
          tokenSpan(file, tok, undefined, text),
          'numbers must be below 1.8e308',
        ),
      );
    } else if (tok.tokenType === UnterminatedString) {
      diagnostics.push(
        error(
          'E0101',
          'unterminated string',
          tokenSpan(file, tok, undefined, text),
          'strings end with `"` on the same line',
        ),
      );
    } else if (tok.tokenType === NonAsciiWord) {
      const i = tok.image.search(/[\u0080-\uffff]/);
      const ch = String.fromCodePoint(tok.image.codePointAt(i)!);
      const span = pointSpan(
        file,
        { offset: tok.startOffset + i, line: tok.startLine ?? 1, column: (tok.startColumn ?? 1) + i },
        ch.length,
      );
      const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      if (ch === '\uFEFF') {
        diagnostics.push(
          error(
            'E0101',
            'a byte-order mark (U+FEFF) inside the file',
            span,
            'delete it: it is invisible, and usually left where two files were joined',
          ),
        );
      } else {
        const hint = /\s/.test(ch) ? 'this is a Unicode space: write a plain space' : lexHint(ch);
        diagnostics.push(error('E0101', `unexpected character ${JSON.stringify(ch)} (${code})`, span, hint));
      }
    }
  }
  if (lexed.tokens.length > MAX_TOKENS) {
    return {
      diagnostics: [
        error(
          'E0100',
          `'${file}' holds more than ${MAX_TOKENS.toLocaleString('en')} tokens (${lexed.tokens.length.toLocaleString('en')})`,
          { file, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } },
          'split the spec into files joined with `import`',
        ),
      ],
    };
  }
  // A word of nothing but invisible or Unicode spaces has its error above; parsing it as a name
  // would only add a cascade of syntax errors at the same place.
  diagnostics.push(...repaired.diagnostics);
  const tokens = filterNewlines(
    repaired.tokens.filter((t) => !(t.tokenType === NonAsciiWord && /^[\s\uFEFF]+$/.test(t.image))),
  );
  // The parser and every later walk recurse on nesting; a cap turns a runaway file into an error.
  const deep = tooDeep(tokens);
  if (deep) {
    return {
      diagnostics: [
        ...diagnostics,
        error(
          'E0102',
          `nesting deeper than ${MAX_NESTING} brackets`,
          tokenSpan(file, deep, undefined, text),
          'flatten the expression or the splits; no network needs this depth',
        ),
      ],
    };
  }
  const ast = parseTokens(tokens, file);
  for (const e of incepParser.errors) {
    const [message, hint] = e.message.split(HINT_SEPARATOR);
    diagnostics.push(
      error(
        'E0201',
        message ?? e.message,
        tokenSpan(file, e.token, (e as { previousToken?: IToken }).previousToken, text),
        hint,
      ),
    );
  }
  for (const tok of incepParser.missingSeparators) {
    diagnostics.push(
      error(
        'E0201',
        `expected ';' or end of line but found '${tok.image}'`,
        tokenSpan(file, tok, undefined, text),
        'statements are separated by `;` or a new line',
      ),
    );
  }
  // An unknown item right after a syntax error on the same line is the parser resynchronising.
  const errorLines = diagnostics.filter((d) => d.code === 'E0201').map((d) => d.span!);
  diagnostics.push(
    ...unknownItems(incepParser.unknownItems, file, text).filter(
      (d) => !errorLines.some((e) => e.start.line === d.span!.start.line && e.start.offset < d.span!.start.offset),
    ),
  );
  if (diagnostics.length > 0 || !ast) return { diagnostics: withoutCascades(diagnostics).sort(bySpan) };
  const commentTokens = lexed.groups['comments'] ?? [];
  ast.comments = commentTokens.map((t) => ({
    kind: 'Comment',
    span: tokenSpan(file, t, undefined, text),
    text: t.image.replace(/^#\s?/, '').trimEnd(),
  }));
  attachComments(ast);
  return { ast, diagnostics, lexed: { tokens: lexed.tokens, comments: commentTokens } };
}

const FILE_ITEMS = ['import', 'block', 'model'];
const MODEL_ITEMS = ['input', 'classes', 'defaults', 'stem', 'body', 'head', 'aux', 'train', 'block'];

/** Each unknown item the parser read (a word where a file or model item belongs), as an error. */
function unknownItems(items: readonly UnknownItem[], file: string, text: string): Diagnostic[] {
  return items.map(({ word, inModel }) => {
    const name = word.image;
    const hint =
      didYouMean(name, inModel ? MODEL_ITEMS : FILE_ITEMS) ??
      (inModel
        ? 'a model holds input, classes, defaults, stem, body, head, aux, train and block items; ops and block instances go inside `stem { … }`, `body { … }` or `head { … }`'
        : 'a file holds `import "…"`, `block …` and `model …` items; ops go inside a block or a model section');
    return error(
      'E0201',
      inModel ? `'${name}' is not a model item` : `'${name}' is not a top-level item`,
      tokenSpan(file, word, undefined, text),
      hint,
    );
  });
}

/**
 * Syntax errors later on the line of a lexical error, or on a word that holds it, are its echo (the
 * lexer dropped a character or glued two words, so the parser sees a broken line): only the
 * lexical error is worth showing.
 */
function withoutCascades(diagnostics: Diagnostic[]): Diagnostic[] {
  const lexical = diagnostics.filter((d) => d.code === 'E0101').map((d) => d.span!);
  return diagnostics.filter(
    (d) =>
      d.code !== 'E0201' ||
      !lexical.some(
        (l) =>
          (l.start.line === d.span!.start.line && l.start.offset < d.span!.start.offset) ||
          // A word holding the bad character (`block\u00a0B` read as one word) is the same mistake.
          (d.span!.start.offset <= l.start.offset && l.start.offset < d.span!.end.offset),
      ),
  );
}

/** Source order; diagnostics without a place come first. */
function bySpan(a: Diagnostic, b: Diagnostic): number {
  return (a.span?.start.offset ?? -1) - (b.span?.start.offset ?? -1);
}

/** The first opening bracket past `MAX_NESTING` levels, if any. */
function tooDeep(tokens: readonly IToken[]): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    const type = t.tokenType.name;
    if (type === 'LParen' || type === 'LCurly') {
      if (++depth > MAX_NESTING) return t;
    } else if (type === 'RParen' || type === 'RCurly') {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

function lexHint(ch: string): string | undefined {
  if (ch.startsWith('"')) return 'strings end with `"` on the same line';
  if (/[\u0080-\uffff]/.test(ch))
    return 'names use ASCII letters, digits and `_`; sizes are written `3x3` with a plain `x`';
  if (/\d/.test(ch)) return 'sizes are written like `3x3` and numbers like `0.17`; a name cannot start with a digit';
  return 'comments start with `#`';
}

function pointSpan(file: string, start: Position, length: number): Span {
  return { file, start, end: { offset: start.offset + length, line: start.line, column: start.column + length } };
}

/** Where to point a syntax error; at end of file chevrotain's token has no position. */
function tokenSpan(file: string, tok: IToken, previous: IToken | undefined, text: string): Span {
  if (tok.tokenType.name === 'EOF' || Number.isNaN(tok.startOffset)) {
    const prevEnd = previous && !Number.isNaN(previous.startOffset) ? lastOffset(previous) + 1 : text.length;
    return pointSpan(file, positionAt(text, prevEnd), 0);
  }
  // A newline token points at the end of the line it ends, not at the start of the next one.
  if (tok.tokenType.name === 'Newline') {
    return pointSpan(file, { offset: tok.startOffset, line: tok.startLine ?? 1, column: tok.startColumn ?? 1 }, 0);
  }
  const length = lastOffset(tok) - tok.startOffset + 1;
  return pointSpan(file, { offset: tok.startOffset, line: tok.startLine ?? 1, column: tok.startColumn ?? 1 }, length);
}

function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}
