import type { BlockGraph, Node } from '../../elaborate/ModuleIR.js';
import { SURFACE_OPS } from '../../ops/registry.js';

/**
 * The TypeScript type of a block parameter in a generated module: a number, unless the block
 * passes it on as an activation (`Activation`, from the runtime), a padding, a flag or a
 * factorization — read from the settings it fills.
 */
export function paramType(g: BlockGraph, param: string): string {
  const found = new Set<string>();
  if (g.residual?.act.kind === 'param' && g.residual.act.name === param) found.add('activation');
  const visit = (nodes: readonly Node[]) => {
    for (const n of nodes) {
      if (n.kind === 'op') {
        const keys = SURFACE_OPS.get(n.op)!.syntax.keys;
        for (const [key, s] of n.settings) {
          if (s.kind === 'scalar' && s.expr.kind === 'param' && s.expr.name === param) found.add(keys[key] ?? 'number');
          if (s.kind === 'bn' && s.on.kind === 'param' && s.on.name === param) found.add('bool');
        }
      } else if (n.kind === 'split') n.groups.forEach((gr) => visit(gr.body));
    }
  };
  visit(g.body.kind === 'branches' ? g.body.branches.flatMap((b) => b.body) : g.body.body);
  if (g.residual?.project) visit([g.residual.project]);
  if (found.has('activation')) return 'Activation';
  if (found.has('padding')) return '"same" | "valid"';
  if (found.has('bool')) return 'boolean';
  if (found.has('factorize')) return '"stacked" | "asymmetric"';
  return 'number';
}
