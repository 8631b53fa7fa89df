import type { IToken } from 'chevrotain';

/**
 * The `{` and `}` tokens of every body the author spread over several lines. Such a body is
 * printed with each brace on its own line; one written on one line stays on one line, so a short
 * `branch b { conv 48 1x1; conv 64 5x5 }` keeps its shape. An empty body counts as one line
 * whatever its layout (`{}`). `tokens` must be balanced, as any text that parsed is.
 */
export function multiLineBraces(tokens: readonly IToken[]): Set<IToken> {
  const out = new Set<IToken>();
  const open: Array<{ brace: IToken; empty: boolean }> = [];
  for (const tok of tokens) {
    const type = tok.tokenType.name;
    if (type === 'RCurly') {
      const body = open.pop();
      if (body && !body.empty && body.brace.startLine !== tok.startLine) {
        out.add(body.brace);
        out.add(tok);
      }
    }
    if (type !== 'Newline' && type !== 'Semicolon' && open.length > 0) open.at(-1)!.empty = false;
    if (type === 'LCurly') open.push({ brace: tok, empty: true });
  }
  return out;
}
