import type { IToken } from 'chevrotain';

/**
 * Every token of a parsed text in source order, comments and line breaks included (`parse`
 * hands over what it lexed): the parser's own stream drops both, but the formatter keeps the one
 * and decides where the others fall.
 */
export function sourceTokens(lexed: { tokens: readonly IToken[]; comments: readonly IToken[] }): IToken[] {
  return [...lexed.tokens, ...lexed.comments].sort((a, b) => a.startOffset - b.startOffset);
}
