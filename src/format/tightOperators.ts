import type * as A from '../syntax/ast.js';

/**
 * Where a `/` or `-` is written tight against what follows: the offsets of strides (`/2`) and of
 * signs (`-1`, `-c`). Only the parse tells them from division and subtraction, and the difference
 * matters when printing: in a free `key=value`, `kernel=3 /2` is a stride and `kernel=3 / 2` a
 * division, and among free arguments `64 -1` is two arguments.
 */
export function tightOperators(file: A.FileNode): Set<number> {
  const offsets = new Set<number>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as { kind?: unknown; span?: { start: { offset: number } } };
    if ((node.kind === 'Stride' || node.kind === 'Unary' || node.kind === 'Number') && node.span) {
      offsets.add(node.span.start.offset);
    }
    for (const [key, child] of Object.entries(value)) {
      // Spans and comments hold no operators; `comments` of the file would be walked in vain.
      if (key !== 'span' && key !== 'comments' && key !== 'trailingComments') visit(child);
    }
  };
  visit(file);
  return offsets;
}
