import type { IToken } from 'chevrotain';

/** One line of formatted output, before it is printed. */
export interface Line {
  /** Braces open around the line; its indentation is two blanks for each. */
  depth: number;
  /**
   * Extra steps of indentation for a line that continues a statement: one once the statement has
   * been continued outside parentheses (after a `,`), plus one for each parenthesis open at the
   * line's start; 0 for a line that starts a statement.
   */
  continuation: number;
  /** Whether a blank line separates it from the line before. */
  blankBefore: boolean;
  /** Its tokens, a comment only last. */
  tokens: IToken[];
}
