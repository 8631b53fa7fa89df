import type { IToken } from 'chevrotain';
import type { Line } from './Line.js';
import { CONTINUING_PUNCTUATION } from '../syntax/filterNewlines.js';
import { multiLineBraces } from './multiLineBraces.js';

/** Tokens after which a line break continues the statement: the parser's rule (`filterNewlines`). */
const CONTINUES = CONTINUING_PUNCTUATION;

/** Tokens before which a `;` separates nothing. */
const NOTHING_FOLLOWS: ReadonlySet<string> = new Set(['Newline', 'Comment', 'RCurly', 'Semicolon']);

/**
 * Splits a parsed file's tokens (comments and line breaks included, in source order) into the
 * lines of its canonical form. The author's line breaks stay where they were, so the layout
 * follows the text as gofmt does: what changes is indentation, blank lines (at most one, none
 * after a `{` or before a `}`), a body's `{` (on its header's line) and a multi-line
 * body's braces (each ending or starting its own line), and `;` (dropped where a line break or a
 * brace already separates). Every comment stays on the line it was on, after the same token.
 * Only line breaks the parser ignores are moved, so the text means what it meant.
 */
export function layoutLines(tokens: readonly IToken[]): Line[] {
  const multiLine = multiLineBraces(tokens);
  const lines: Line[] = [];
  let line: Line | undefined;
  let depth = 0;
  let parens = 0;
  /** Line breaks since the last token placed. */
  let breaks = 0;
  /** The last token placed that is not a comment. */
  let lastCode: IToken | undefined;
  let afterComment = false;
  /** A multi-line body was just opened: its first statement starts a line. */
  let mustBreak = false;
  /** The current statement has a line continued outside parentheses. */
  let continued = false;

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const type = tok.tokenType.name;
    if (type === 'Newline') {
      breaks++;
      continue;
    }
    if (type === 'Semicolon' && !keepsSemicolon(tokens[i + 1], line, lastCode, breaks, afterComment)) continue;
    if (type === 'RCurly') depth--;

    let newLine: boolean;
    if (!line) newLine = true;
    else if (type === 'Comment') newLine = breaks > 0;
    // A `{` joins its header's line, unless a comment stands between them or follows it: such a
    // comment belongs to whatever its line holds, and moving it would attach it elsewhere.
    else if (type === 'LCurly') newLine = afterComment || (breaks > 0 && tokens[i + 1]?.tokenType.name === 'Comment');
    else if (type === 'RCurly') newLine = multiLine.has(tok);
    else newLine = mustBreak || breaks > 0;

    if (newLine) {
      const afterContinuing = lastCode !== undefined && CONTINUES.has(lastCode.tokenType.name);
      const continues = type !== 'RCurly' && (parens > 0 || afterContinuing);
      // A statement continued outside parentheses stays one step in until it ends; each
      // parenthesis open at a line's start (a leading `)` closes its own) adds a step.
      if (!continues) continued = false;
      else if (parens === 0) continued = true;
      const previous = lines.at(-1);
      line = {
        depth,
        continuation: continues ? (continued ? 1 : 0) + Math.max(0, parens - (type === 'RParen' ? 1 : 0)) : 0,
        blankBefore:
          breaks > 1 && previous !== undefined && !opensBody(previous, multiLine) && type !== 'RCurly' && !continues,
        tokens: [tok],
      };
      lines.push(line);
      if (type !== 'Comment') mustBreak = false;
    } else {
      line!.tokens.push(tok);
    }

    if (type === 'LCurly') {
      depth++;
      if (multiLine.has(tok)) mustBreak = true;
    } else if (type === 'LParen') parens++;
    else if (type === 'RParen') parens = Math.max(0, parens - 1);
    breaks = 0;
    afterComment = type === 'Comment';
    if (!afterComment) lastCode = tok;
  }
  return lines;
}

/**
 * Whether a `;` is kept: only between two things on one line. After a token that continues a
 * statement (`conv 64,;`) it is the only end of the statement, so it always stays.
 */
function keepsSemicolon(
  next: IToken | undefined,
  line: Line | undefined,
  lastCode: IToken | undefined,
  breaks: number,
  afterComment: boolean,
): boolean {
  if (lastCode && CONTINUES.has(lastCode.tokenType.name)) return true;
  if (!line || breaks > 0 || afterComment) return false;
  if (lastCode?.tokenType.name === 'LCurly' && line.tokens.at(-1) === lastCode) return false;
  return next !== undefined && !NOTHING_FOLLOWS.has(next.tokenType.name);
}

/** Whether `line` opens a multi-line body (its last token but a comment is such a `{`). */
function opensBody(line: Line, multiLine: ReadonlySet<IToken>): boolean {
  const code = line.tokens.filter((t) => t.tokenType.name !== 'Comment');
  const last = code.at(-1);
  return last?.tokenType.name === 'LCurly' && multiLine.has(last);
}
