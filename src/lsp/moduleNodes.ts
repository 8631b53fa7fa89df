import type { ModuleIR, Node } from '../elaborate/ModuleIR.js';

/**
 * Every node of a module IR — in the sections, the aux heads and every block graph, inside
 * splits and residual projections too — in no particular order.
 */
export function moduleNodes(module: ModuleIR): Node[] {
  const out: Node[] = [];
  const walk = (body: readonly Node[]): void => {
    for (const node of body) {
      out.push(node);
      if (node.kind === 'split') for (const g of node.groups) walk(g.body);
    }
  };
  for (const s of module.sections) walk(s.body);
  for (const a of module.aux) walk(a.body);
  for (const b of module.blocks) {
    if (b.body.kind === 'branches') for (const branch of b.body.branches) walk(branch.body);
    else walk(b.body.body);
    if (b.residual?.project) out.push(b.residual.project);
  }
  return out;
}
