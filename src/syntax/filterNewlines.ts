import type { IToken } from 'chevrotain';

/** Punctuation and operators that need what follows them: a line break after one continues the statement. */
export const CONTINUING_PUNCTUATION: ReadonlySet<string> = new Set([
  'LParen',
  'Comma',
  'Colon',
  'Equals',
  'Plus',
  'Minus',
  'Star',
  'Slash',
  'DoubleSlash',
  'Percent',
]);

/** Tokens after which a line break cannot end a statement, so it is dropped. */
const CONTINUES: ReadonlySet<string> = new Set([...CONTINUING_PUNCTUATION, 'LCurly', 'Newline', 'Semicolon']);

/**
 * Newlines end statements, like `;`. Keeping only the meaningful ones here (as Go's lexer inserts
 * semicolons) keeps the grammar free of `Newline*` everywhere: a newline survives only when it
 * can end a statement — not inside parentheses, not after a token that needs a continuation, not
 * before `{` (a body opening on the next line) or `}`.
 */
export function filterNewlines(tokens: readonly IToken[]): IToken[] {
  const out: IToken[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const type = tok.tokenType.name;
    if (type === 'LParen') depth++;
    else if (type === 'RParen') depth = Math.max(0, depth - 1);
    if (type === 'Newline') {
      const prev = out[out.length - 1];
      if (depth > 0 || !prev || CONTINUES.has(prev.tokenType.name)) continue;
      let j = i + 1;
      while (j < tokens.length && tokens[j]!.tokenType.name === 'Newline') j++;
      const next = tokens[j]?.tokenType.name;
      if (next === 'RCurly' || next === 'LCurly' || next === undefined) continue;
    }
    out.push(tok);
  }
  return out;
}
