import type { LineCounter } from 'yaml';
import type { Span } from '../diagnostics/Span.js';

/**
 * The span of `[start, end)` (offsets into the YAML text, as the `yaml` package's node ranges
 * and error positions give them), with 1-based lines and columns from `lineCounter`. A range
 * that runs past its first line (a block mapping, a folded string) is cut at the line's end, so
 * the code frame underlines the start of the value rather than a whole section.
 */
export function yamlSpan(file: string, text: string, lineCounter: LineCounter, start: number, end = start): Span {
  const from = Math.max(0, Math.min(start, text.length));
  const newline = text.indexOf('\n', from);
  const lineEnd = newline === -1 ? text.length : newline;
  const to = Math.max(from, Math.min(end, lineEnd));
  const a = lineCounter.linePos(from);
  const b = lineCounter.linePos(to);
  return {
    file,
    start: { offset: from, line: a.line, column: a.col },
    end: { offset: to, line: b.line, column: b.col },
  };
}
