import type { ILexingError, IToken, TokenType } from 'chevrotain';
import { chevrotain } from '../../grammar/chevrotain.js';
import { Comma, Dims, Equals, LParen, RParen, Semicolon } from '../../grammar/tokens.js';
import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import type { Span } from '../diagnostics/Span.js';

/** Tokens rewritten to what the writer meant, the errors that say so, and the lexer errors they explain. */
export interface Repaired {
  tokens: readonly IToken[];
  diagnostics: Diagnostic[];
  /** Lexer errors a repair accounts for (the `>` of `->`): reported by the repair instead. */
  explained: ReadonlySet<ILexingError>;
}

/**
 * Recognises what Keras and PyTorch writers type out of habit — `(3,3)` for a size, `->` between
 * ops, `residual scale 0.2` without parentheses — reports each with the incep spelling, and
 * rewrites the tokens to that spelling. Parsing the repaired stream then finds only the file's
 * other mistakes, instead of a cascade of errors that all stem from the first guess.
 */
export function repairGuesses(
  tokens: readonly IToken[],
  lexErrors: readonly ILexingError[],
  text: string,
  file: string,
): Repaired {
  // Most files need no repair: the stream is copied only from the first one on.
  let out: IToken[] | undefined;
  const repairing = (i: number): IToken[] => (out ??= tokens.slice(0, i));
  const diagnostics: Diagnostic[] = [];
  const explained = new Set<ILexingError>();
  const arrows = new Map<number, ILexingError>();
  for (const e of lexErrors) if (text[e.offset] === '>' && text[e.offset - 1] === '-') arrows.set(e.offset - 1, e);

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const type = tok.tokenType.name;

    const arrow = type === 'Minus' ? arrows.get(tok.startOffset) : undefined;
    if (arrow) {
      explained.add(arrow);
      diagnostics.push(
        error(
          'E0201',
          "'->' does not chain ops: in a sequence each op already feeds the next",
          spanOf(file, tok, 2),
          'separate the ops with `;` or put the next one on a new line: `conv 64 1x1; conv 96 3x3`',
        ),
      );
      repairing(i).push(synthetic(Semicolon, ';', tok, 2));
      continue;
    }

    if (type === 'LParen' && i > 0 && SIZE_FOLLOWS.has(tokens[i - 1]!.tokenType.name)) {
      const numbers = tupleAt(tokens, i);
      if (numbers) {
        const close = tokens[i + numbers.length * 2]!;
        const dims = numbers.map((n) => n.image).join('x');
        const length = close.startOffset - tok.startOffset + 1;
        diagnostics.push(
          error(
            'E0201',
            `sizes are written \`${dims}\`, not \`${text.slice(tok.startOffset, close.startOffset + 1)}\``,
            spanOf(file, tok, length),
            tupleHint(tokens, i, dims, numbers),
          ),
        );
        repairing(i).push(synthetic(Dims, dims, tok, length));
        i += numbers.length * 2;
        continue;
      }
    }

    if (type === 'Residual') {
      const settings = bareSettings(tokens, i + 1);
      if (settings) {
        const fixed = repairing(i);
        fixed.push(tok);
        const first = tokens[i + 1]!;
        const last = tokens[settings.end - 1]!;
        const written = settings.pairs.map(([k, v]) => `${k.image}=${v.image}`).join(', ');
        diagnostics.push(
          error(
            'E0201',
            'residual settings go in parentheses',
            spanOf(file, first, last.startOffset + last.image.length - first.startOffset),
            `write \`residual(${written})\``,
          ),
        );
        fixed.push(synthetic(LParen, '(', first, 0));
        settings.pairs.forEach(([key, value], n) => {
          if (n > 0) fixed.push(synthetic(Comma, ',', key, 0));
          fixed.push(key, synthetic(Equals, '=', value, 0), value);
        });
        fixed.push(synthetic(RParen, ')', last, 0));
        i = settings.end - 1;
        continue;
      }
    }

    out?.push(tok);
  }
  return { tokens: out ?? tokens, diagnostics, explained };
}

/** Token types a size may follow: an op's filter count (`conv 64 (3,3)`) or a key (`kernel=(3,3)`). */
const SIZE_FOLLOWS: ReadonlySet<string> = new Set(['Int', 'Float', 'Dims', 'Equals']);

/** What to write instead of the tuple at `i`, in the words around it. */
function tupleHint(tokens: readonly IToken[], i: number, dims: string, numbers: readonly IToken[]): string {
  const before = tokens[i - 1]!;
  const word = tokens[i - 2];
  if (before.tokenType.name === 'Equals' && word && /^(strides?|subsample)$/i.test(word.image)) {
    const same = numbers.every((n) => n.image === numbers[0]!.image);
    return same
      ? `write the stride after the size, \`/${numbers[0]!.image}\`, or as \`stride=${numbers[0]!.image}\``
      : `write \`stride=${dims}\``;
  }
  if (before.tokenType.name === 'Int' && word?.tokenType.name === 'Identifier' && word.startLine === before.startLine)
    return `write \`${word.image} ${before.image} ${dims}\``;
  return `write \`${dims}\``;
}

/** `( Int , Int [, Int] )` at `i`: the numbers, or nothing when the tokens are anything else. */
function tupleAt(tokens: readonly IToken[], i: number): IToken[] | undefined {
  const numbers: IToken[] = [];
  let j = i + 1;
  for (;;) {
    const n = tokens[j];
    if (n?.tokenType.name !== 'Int') return undefined;
    numbers.push(n);
    const next = tokens[j + 1]?.tokenType.name;
    if (next === 'RParen') return numbers.length >= 2 && numbers.length <= 3 ? numbers : undefined;
    if (next !== 'Comma') return undefined;
    j += 2;
  }
}

/** `scale 0.2`, `scale=0.2 act linear` after `residual` and before `{`: the pairs and where they end. */
function bareSettings(
  tokens: readonly IToken[],
  from: number,
): { pairs: Array<[IToken, IToken]>; end: number } | undefined {
  const pairs: Array<[IToken, IToken]> = [];
  let j = from;
  while (tokens[j]?.tokenType.name === 'Identifier' && RESIDUAL_KEYS.has(tokens[j]!.image)) {
    const key = tokens[j]!;
    if (tokens[j + 1]?.tokenType.name === 'Equals') j++;
    const value = tokens[j + 1];
    if (!value || !VALUE_TYPES.has(value.tokenType.name)) return undefined;
    pairs.push([key, value]);
    j += 2;
    if (tokens[j]?.tokenType.name === 'Comma') j++;
  }
  return pairs.length > 0 && tokens[j]?.tokenType.name === 'LCurly' ? { pairs, end: j } : undefined;
}

const RESIDUAL_KEYS: ReadonlySet<string> = new Set(['scale', 'act']);
const VALUE_TYPES: ReadonlySet<string> = new Set(['Int', 'Float', 'Identifier']);

/** A token the writer meant, placed where the one it stands for was, for the parser's positions. */
function synthetic(type: TokenType, image: string, at: IToken, length: number): IToken {
  const start = at.startOffset;
  const column = at.startColumn ?? 1;
  return chevrotain.createTokenInstance(
    type,
    image,
    start,
    start + Math.max(0, length - 1),
    at.startLine ?? 1,
    at.startLine ?? 1,
    column,
    column + Math.max(0, length - 1),
  );
}

function spanOf(file: string, tok: IToken, length: number): Span {
  const line = tok.startLine ?? 1;
  const column = tok.startColumn ?? 1;
  return {
    file,
    start: { offset: tok.startOffset, line, column },
    end: { offset: tok.startOffset + length, line, column: column + length },
  };
}
