import type { Span } from '../diagnostics/Span.js';

/** Whether an offset lies in a span, its end included (a cursor just after a word is on it). */
export function spanContains(span: Span, offset: number): boolean {
  return span.start.offset <= offset && offset <= span.end.offset;
}
