import type { Range } from 'vscode-languageserver/node.js';
import type { Span } from '../diagnostics/Span.js';

/**
 * The editor range of a span. Spans count lines and columns from 1 in UTF-16 code units (the
 * lexer reads JavaScript strings), which is what LSP positions count from 0.
 */
export function spanRange(span: Span | undefined): Range {
  if (!span) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    start: { line: span.start.line - 1, character: span.start.column - 1 },
    end: { line: span.end.line - 1, character: span.end.column - 1 },
  };
}
