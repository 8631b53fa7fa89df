import vsctm from 'vscode-textmate';

/** One TextMate token: 1-based line and columns (as chevrotain counts), end exclusive. */
export interface ScopedToken {
  line: number;
  startColumn: number;
  endColumn: number;
  text: string;
  scopes: string[];
}

/** Tokenizes a whole text line by line, carrying the rule stack across lines as the editor does. */
export function tokenizeIncep(grammar: vsctm.IGrammar, text: string): ScopedToken[] {
  const out: ScopedToken[] = [];
  let stack = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((line, i) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    for (const token of result.tokens) {
      const end = Math.min(token.endIndex, line.length);
      if (end <= token.startIndex) continue;
      out.push({
        line: i + 1,
        startColumn: token.startIndex + 1,
        endColumn: end + 1,
        text: line.slice(token.startIndex, end),
        scopes: token.scopes,
      });
    }
  });
  return out;
}
