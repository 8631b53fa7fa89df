import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import type * as A from '../syntax/ast.js';

/**
 * E0402 for every number literal too large for a double (`1e309` reads as Infinity), anywhere in
 * a file — op settings, block arguments, the train recipe, aux weights — so no infinite value
 * reaches a range check that would take it for valid or a backend that would write `null`.
 */
export function nonFiniteNumbers(file: A.FileNode): Diagnostic[] {
  const found: Diagnostic[] = [];
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    const n = node as Partial<A.NumberLit> & Record<string, unknown>;
    if (n.kind === 'Number' && n.span && typeof n.value === 'number' && !Number.isFinite(n.value)) {
      found.push(error('E0402', 'the number is too large to represent', n.span, 'numbers must be below 1.8e308'));
      return;
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'span' && key !== 'comments') walk(value);
  };
  walk(file);
  return found;
}
