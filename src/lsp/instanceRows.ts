import type { CompileResult } from '../compile.js';
import type { Node } from '../elaborate/ModuleIR.js';
import { sumTotals } from '../ir/sumTotals.js';
import { formatShape } from '../ops/types.js';

/** What one instance of a node made: its name, output shape, parameters and MACs. */
export interface InstanceRow {
  name: string;
  shape: string;
  params: number;
  macs: number;
}

/**
 * One row per instance of each node, in the order the model makes them: a block call repeated
 * `x 3` has three, an op inside a block used twice has two. A block call is named by its
 * instance (`mixed0`), anything else by the layer it outputs.
 */
export function instanceRows(result: CompileResult, nodes: readonly Node[]): InstanceRow[] {
  const layers = result.ir?.layers ?? [];
  const rows: Array<InstanceRow & { at: number }> = [];
  for (const node of nodes) {
    const shapes = result.shapes?.get(node.id) ?? [];
    const ranges = result.ranges?.get(node.id) ?? [];
    ranges.forEach(([start, end], i) => {
      const made = layers.slice(start, end);
      const output = made.at(-1);
      const shape = shapes[i];
      // An aux head left out at this input took its layers with it.
      if (!output || !shape) return;
      const totals = sumTotals(made);
      const instances = made.flatMap((l) => (l.scope.instance === undefined ? [] : [l.scope.instance]));
      // Nested instances are named after the outer one, so the outer name is the shortest.
      const name =
        node.kind === 'instance' && instances.length > 0
          ? instances.reduce((a, b) => (b.length < a.length ? b : a))
          : output.name;
      rows.push({
        at: start,
        name,
        shape: formatShape(shape),
        params: totals.params.total,
        macs: totals.macs,
      });
    });
  }
  return rows.sort((a, b) => a.at - b.at).map(({ name, shape, params, macs }) => ({ name, shape, params, macs }));
}
