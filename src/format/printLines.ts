import type { Line } from './Line.js';
import { spaceBetween } from './spaceBetween.js';

/** A line's code as text, and its comment if it has one. */
interface Printed {
  code: string;
  comment?: string;
  /** The comment follows code on the line. */
  trailing: boolean;
}

/**
 * The text of laid-out lines: indented, spaced, each ending in `\n` (none at all when there are
 * none). Comments that end consecutive lines of one indentation line up, two blanks after the
 * longest code among them, as gofmt aligns them; a lone one stands two blanks after its code.
 */
export function printLines(lines: readonly Line[], tight: ReadonlySet<number>): string {
  const printed = lines.map((line) => printLine(line, tight));
  const out: string[] = [];
  for (let first = 0; first < lines.length;) {
    // A run of lines with trailing comments at one indentation, no blank line inside it.
    let end = first + 1;
    const indent = lines[first]!.depth + lines[first]!.continuation;
    if (printed[first]!.trailing) {
      while (
        end < lines.length &&
        printed[end]!.trailing &&
        !lines[end]!.blankBefore &&
        lines[end]!.depth + lines[end]!.continuation === indent
      ) {
        end++;
      }
    }
    // A loop, not Math.max(...): a run can be a hundred thousand lines, past the argument limit.
    let widest = 0;
    for (let i = first; i < end; i++) widest = Math.max(widest, printed[i]!.code.length);
    const column = widest + 2;
    for (let i = first; i < end; i++) {
      const { code, comment, trailing } = printed[i]!;
      if (lines[i]!.blankBefore) out.push('');
      out.push(comment === undefined ? code : trailing ? code.padEnd(column) + comment : code + comment);
    }
    first = end;
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

function printLine(line: Line, tight: ReadonlySet<number>): Printed {
  const last = line.tokens.at(-1)!;
  const comment = last.tokenType.name === 'Comment' ? last.image.trimEnd() : undefined;
  const code = comment === undefined ? line.tokens : line.tokens.slice(0, -1);
  let text = '  '.repeat(line.depth + line.continuation);
  code.forEach((tok, i) => {
    if (i > 0) text += spaceBetween(code[i - 1]!, tok, tight);
    text += tok.image;
  });
  return comment === undefined ? { code: text, trailing: false } : { code: text, comment, trailing: code.length > 0 };
}
