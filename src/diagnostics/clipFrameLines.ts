/** A position in a code frame: 1-based line and column. */
export interface FramePosition {
  line: number;
  column: number;
}

/** Longest line a code frame shows whole; longer ones are cut around the span with `…`. */
export const MAX_FRAME_LINE = 160;

/** Characters kept on each side of the span's column on a cut line. */
const CONTEXT = 60;

/**
 * The text a code frame is drawn from, reduced to what it shows: the lines from one above the
 * span to one below, each longer than {@link MAX_FRAME_LINE} cut to a window around the span
 * (`…` where text was cut), every other line emptied — so a diagnostic on a 3 MB line prints a
 * few hundred characters, not the line. Columns move with the cut; line numbers stay.
 */
export function clipFrameLines(
  text: string,
  start: FramePosition,
  end: FramePosition,
): { text: string; start: FramePosition; end: FramePosition } {
  const lines = text.split('\n');
  const first = Math.max(1, start.line - 1);
  const last = Math.min(lines.length, end.line + 1);
  const out = lines.map((l, i) => (i + 1 >= first && i + 1 <= last ? l : ''));
  let s = { ...start };
  let e = { ...end };
  for (let n = first; n <= last; n++) {
    const line = out[n - 1]!;
    if (line.length <= MAX_FRAME_LINE) continue;
    // The window follows the span on its own lines, and the line start elsewhere.
    const anchor = n === start.line ? start.column - 1 : n === end.line ? Math.max(0, end.column - 1 - CONTEXT) : 0;
    const spanEnd = n === start.line && n === end.line ? end.column - 1 : anchor;
    const from = Math.max(0, anchor - CONTEXT);
    const to = Math.min(line.length, Math.max(spanEnd, anchor + 1) + CONTEXT, from + MAX_FRAME_LINE);
    const head = from > 0 ? '…' : '';
    out[n - 1] = `${head}${line.slice(from, to)}${to < line.length ? '…' : ''}`;
    const shift = (column: number) => Math.min(Math.max(1, column - from + head.length), to - from + head.length + 1);
    if (n === start.line) s = { line: n, column: shift(start.column) };
    if (n === end.line) e = { line: n, column: shift(end.column) };
  }
  return { text: out.join('\n'), start: s, end: e };
}
