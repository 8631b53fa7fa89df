/** A position in a code frame: 1-based line and column, and the offset in the text. */
export interface FramePosition {
  line: number;
  column: number;
  offset: number;
}

/** Longest line a code frame shows whole; longer ones are cut around the span with `…`. */
export const MAX_FRAME_LINE = 160;

/** Characters kept on each side of the span's column on a cut line. */
const CONTEXT = 60;

/**
 * The part of `text` a code frame shows — the lines from one above the span to one below, found
 * from the span's offsets without splitting the whole text — with each line longer than
 * {@link MAX_FRAME_LINE} cut to a window around the span (`…` where text was cut). So a
 * diagnostic in a 3 MB file, or on a 3 MB line, costs and prints a few hundred characters.
 * `startLine` is the window's first line's number in the file; the returned positions keep the
 * file's line numbers, with columns moved by any cut.
 */
export function clipFrameLines(
  text: string,
  start: FramePosition,
  end: FramePosition,
): { text: string; startLine: number; start: { line: number; column: number }; end: { line: number; column: number } } {
  const lineStart = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = (offset: number) => {
    const i = text.indexOf('\n', offset);
    return i < 0 ? text.length : i;
  };
  const startOffset = Math.min(start.offset, text.length);
  const endOffset = Math.min(Math.max(end.offset, startOffset), text.length);
  let from = lineStart(startOffset);
  let firstLine = start.line;
  if (from > 0) {
    from = lineStart(from - 1);
    firstLine--;
  }
  let to = lineEnd(endOffset);
  if (to < text.length) to = lineEnd(to + 1);
  const lines = text.slice(from, to).split('\n');
  let s = { line: start.line - firstLine + 1, column: start.column };
  let e = { line: end.line - firstLine + 1, column: end.column };
  lines.forEach((line, i) => {
    const n = i + 1;
    if (line.length <= MAX_FRAME_LINE) return;
    // The window follows the span on its own lines, and the line start elsewhere.
    const anchor = n === s.line ? s.column - 1 : n === e.line ? Math.max(0, e.column - 1 - CONTEXT) : 0;
    const spanEnd = n === s.line && n === e.line ? e.column - 1 : anchor;
    const cutFrom = Math.max(0, anchor - CONTEXT);
    const cutTo = Math.min(line.length, Math.max(spanEnd, anchor + 1) + CONTEXT, cutFrom + MAX_FRAME_LINE);
    const head = cutFrom > 0 ? '…' : '';
    lines[i] = `${head}${line.slice(cutFrom, cutTo)}${cutTo < line.length ? '…' : ''}`;
    const shift = (column: number) =>
      Math.min(Math.max(1, column - cutFrom + head.length), cutTo - cutFrom + head.length + 1);
    if (n === s.line) s = { line: n, column: shift(s.column) };
    if (n === e.line) e = { line: n, column: shift(e.column) };
  });
  // @babel/code-frame takes the span in the file's line numbers and `startLine` for the window.
  return {
    text: lines.join('\n'),
    startLine: firstLine,
    start: { line: s.line + firstLine - 1, column: s.column },
    end: { line: e.line + firstLine - 1, column: e.column },
  };
}
