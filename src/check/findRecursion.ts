import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import type * as A from '../syntax/ast.js';
import { callsIn } from '../syntax/callsIn.js';

/** Block definitions that use themselves, directly or through others. */
export function findRecursion(blocks: ReadonlyMap<string, A.BlockDef>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    state.set(name, 'visiting');
    for (const c of callsIn(blocks.get(name)!.body)) {
      const callee = c.callee.name;
      if (!blocks.has(callee)) continue;
      if (state.get(callee) === 'visiting') {
        const cycle = [...path.slice(path.indexOf(callee)), callee].join(' → ');
        out.push(
          error(
            'E0311',
            `block '${callee}' uses itself (${cycle})`,
            c.callee.span,
            'blocks cannot be recursive; repeat with `x N` instead',
          ),
        );
      } else if (!state.has(callee)) {
        visit(callee, [...path, callee]);
      }
    }
    state.set(name, 'done');
  };
  for (const name of blocks.keys()) if (!state.has(name)) visit(name, [name]);
  return out;
}
