import { readFileSync } from 'node:fs';
import { codeFrameColumns } from '@babel/code-frame';
import { clipFrameLines } from './clipFrameLines.js';
import type { Diagnostic } from './Diagnostic.js';
import { formatLocation } from './Span.js';

/** Options for `formatDiagnostic`. */
export interface FormatOptions {
  /** Source texts by file name; a file not given is read from disk when it exists. */
  sources?: ReadonlyMap<string, string>;
  /** ANSI colours in the code frame (default false). */
  color?: boolean;
}

/**
 * Prints a diagnostic the way every incep tool shows it:
 *
 *     specs/x.incep:12:5: error[E0301]: unknown op 'cnov'
 *       11 |   stem {
 *     > 12 |     cnov 32 3x3 /2
 *          |     ^^^^
 *     hint: did you mean 'conv'?
 */
export function formatDiagnostic(d: Diagnostic, options: FormatOptions = {}): string {
  const where = d.span ? `${formatLocation(d.span)}: ` : '';
  const lines = [`${where}${d.severity}[${d.code}]: ${d.message}`];
  if (d.span) {
    const frame = frameFor(d.span, options);
    if (frame) lines.push(frame);
  }
  for (const r of d.related ?? []) {
    lines.push(`${formatLocation(r.span)}: note: ${r.message}`);
    const frame = frameFor(r.span, options);
    if (frame) lines.push(frame);
  }
  if (d.hint) lines.push(`hint: ${d.hint}`);
  return lines.join('\n');
}

function frameFor(span: NonNullable<Diagnostic['span']>, options: FormatOptions): string | undefined {
  const text = options.sources?.get(span.file) ?? readIfPresent(span.file);
  if (text === undefined) return undefined;
  const start = span.start;
  // A zero-width span (end of file, a missing token) still deserves one caret.
  const sameLine = span.end.line === span.start.line;
  const end =
    sameLine && span.end.column <= span.start.column ? { ...span.start, column: span.start.column + 1 } : span.end;
  const clipped = clipFrameLines(text, start, end);
  // `startLine` numbers the window's lines as the file's (@babel/code-frame 7.29; not in its types).
  const frameOptions: Parameters<typeof codeFrameColumns>[2] & { startLine: number } = {
    highlightCode: options.color ?? false,
    forceColor: options.color ?? false,
    linesAbove: 1,
    linesBelow: 1,
    startLine: clipped.startLine,
  };
  return codeFrameColumns(
    // incep's lines end at \n only; the frame printer would also break at U+2028/U+2029 and
    // shift every line after. Shown as the replacement character, one code unit for one.
    clipped.text.replace(/[\u2028\u2029]/g, '\ufffd'),
    { start: clipped.start, end: clipped.end },
    frameOptions,
  );
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
