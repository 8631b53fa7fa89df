import type { IToken } from 'chevrotain';
import { chevrotain } from '../../grammar/chevrotain.js';
import { Name, Residual } from '../../grammar/tokens.js';

/** Tokens written against the one before them. */
const CLOSE_UP: ReadonlySet<string> = new Set(['RParen', 'Comma', 'Semicolon', 'Colon', 'Equals']);

/**
 * The blanks between two tokens on one line: none inside parentheses' edges, before `,` `;` `:`,
 * around `=` (`scale=false`), after a stride's `/` or a sign, and between a name and its argument
 * list (`bn(`, `A(32)`, `residual(`); two before a comment; one anywhere else — around `x`, `as`,
 * braces and the arithmetic operators alike. `tight` holds the offsets of strides and signs.
 */
export function spaceBetween(a: IToken, b: IToken, tight: ReadonlySet<number>): string {
  const before = a.tokenType.name;
  const after = b.tokenType.name;
  if (after === 'Comment') return '  ';
  if (before === 'LCurly' && after === 'RCurly') return '';
  if (before === 'LParen' || before === 'Equals' || CLOSE_UP.has(after)) return '';
  if ((before === 'Slash' || before === 'Minus') && tight.has(a.startOffset)) return '';
  if (after === 'LParen' && (chevrotain.tokenMatcher(a, Name) || a.tokenType === Residual)) return '';
  return ' ';
}
