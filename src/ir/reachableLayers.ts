import type { IRModel } from './ir.js';

/** The names of the layers that the given output layers depend on (the outputs included). */
export function reachableLayers(ir: IRModel, outputs: readonly string[]): Set<string> {
  const byName = new Map(ir.layers.map((l) => [l.name, l]));
  const seen = new Set<string>();
  const stack = [...outputs];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(byName.get(n)?.inputs ?? []));
  }
  return seen;
}
