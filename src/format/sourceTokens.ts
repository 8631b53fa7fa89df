import type { IToken } from 'chevrotain';
import { incepLexer } from '../../grammar/tokens.js';

/**
 * Every token of `text` in source order, comments and line breaks included: the parser's own
 * stream drops both, but the formatter keeps the one and decides where the others fall.
 */
export function sourceTokens(text: string): IToken[] {
  const lexed = incepLexer.tokenize(text);
  const comments = lexed.groups['comments'] ?? [];
  return [...lexed.tokens, ...comments].sort((a, b) => a.startOffset - b.startOffset);
}
