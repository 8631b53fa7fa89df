import type { IRLayer, IRModel } from '../ir/ir.js';
import { groupThousands } from '../summary/groupThousands.js';
import { describeLayer } from './describeLayer.js';
import { sumTotals } from '../ir/sumTotals.js';

/** Options of {@link graphModel}. */
export interface GraphOptions {
  /** Draw each block instance as a cluster of its layers (the papers' figures); default one node per instance. */
  expand?: boolean;
  /** Draw the aux heads too. */
  aux?: boolean;
}

/** A drawn node: one layer, a conv with its batch norm and activation, or a whole instance. */
interface Unit {
  id: string;
  /** The IR layers it stands for, in order; the last one's output leaves it. */
  layers: IRLayer[];
  /** The block instance it belongs to, if any. */
  instance?: string;
  block?: string;
}

const FOLLOWERS = new Set(['batchnorm', 'activation']);

/**
 * The network as a Graphviz DOT graph, top to bottom. By default one node per block instance
 * (`mixed0 (A)` with its output shape and parameters) and per op outside blocks (stem, head);
 * with `expand`, every instance is a cluster of its ops, parallel branches side by side as
 * Graphviz lays them out, a conv drawn with its batch norm and activation as one box. Edges
 * carry the shape of the tensor they move; residual adds show their scale.
 */
export function graphModel(ir: IRModel, options: GraphOptions = {}): string {
  const layers = ir.layers.filter((l) => options.aux === true || l.scope.section !== 'aux');
  const units = fuseFollowers(layers);
  const unitOf = new Map<string, Unit>();
  for (const u of units) for (const l of u.layers) unitOf.set(l.name, u);

  // The drawn node of a layer: its unit, or, collapsed, its instance.
  const nodes: Unit[] = [];
  const nodeOf = new Map<string, Unit>();
  const instances = new Map<string, Unit>();
  for (const u of units) {
    if (!options.expand && u.instance !== undefined) {
      let node = instances.get(u.instance);
      if (!node) {
        node = { id: `n${nodes.length}`, layers: [], instance: u.instance, ...(u.block ? { block: u.block } : {}) };
        instances.set(u.instance, node);
        nodes.push(node);
      }
      node.layers.push(...u.layers);
      for (const l of u.layers) nodeOf.set(l.name, node);
    } else {
      const node = { ...u, id: `n${nodes.length}` };
      nodes.push(node);
      for (const l of u.layers) nodeOf.set(l.name, node);
    }
  }

  const out = [
    `digraph ${quote(ir.name)} {`,
    // ordering=out: branches left to right in the order the spec writes them (concatenation order), as the papers draw them.
    '  graph [rankdir=TB, ordering=out, newrank=true, fontname="Helvetica", nodesep=0.25, ranksep=0.35];',
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11, fillcolor="#ffffff"];',
    '  edge [fontname="Helvetica", fontsize=9, color="#555555", fontcolor="#333333"];',
  ];
  const consumed = new Set(layers.flatMap((l) => l.inputs));
  const byInstance = new Map<string | undefined, Unit[]>();
  for (const n of nodes) {
    const key = options.expand ? n.instance : undefined;
    byInstance.set(key, [...(byInstance.get(key) ?? []), n]);
  }
  let cluster = 0;
  for (const [instance, members] of byInstance) {
    const indent = instance === undefined ? '  ' : '    ';
    if (instance !== undefined) {
      const block = members[0]!.block;
      out.push(
        `  subgraph cluster_${cluster++} {`,
        `    label=${quote(block && block !== instance ? `${instance} (${block})` : instance)};`,
        '    style="rounded,filled"; fillcolor="#f3f6fb"; color="#9aaccc"; fontname="Helvetica"; fontsize=12;',
      );
    }
    for (const n of members) out.push(`${indent}${n.id} [${nodeAttributes(n, options.expand === true, consumed)}];`);
    if (instance !== undefined) {
      // ordering=out alone does not hold inside clusters: the branch heads, one rank, chained by
      // invisible edges, keep the branches left to right in the order the concat joins them.
      for (const heads of branchHeads(members, nodeOf)) {
        out.push(`    { rank=same; ${heads.map((h) => h.id).join(' -> ')} [style=invis]; }`);
      }
      out.push('  }');
    }
  }

  const seen = new Set<string>();
  for (const n of nodes) {
    for (const layer of n.layers) {
      for (const input of layer.inputs) {
        const from = nodeOf.get(input);
        if (!from || from === n) continue;
        const key = `${from.id}->${n.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // Collapsed, every node shows its output shape; expanded, the edges carry the shapes.
        const shape = layers.find((l) => l.name === input)!.shape;
        out.push(`  ${from.id} -> ${n.id}${options.expand ? ` [label=${quote(formatShape(shape))}]` : ''};`);
      }
    }
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/**
 * For each concat among `members` (one instance's units), the first unit of each branch it joins,
 * in concatenation order: walking back from a branch's last unit while the input stays inside the
 * instance. Concats whose branches share a head (a split inside a branch) are left to Graphviz.
 */
function branchHeads(members: readonly Unit[], nodeOf: ReadonlyMap<string, Unit>): Unit[][] {
  const inside = new Set(members);
  const result: Unit[][] = [];
  for (const unit of members) {
    const concat = unit.layers.find((l) => l.op === 'concat');
    if (!concat) continue;
    const heads = concat.inputs.map((input) => {
      let node = nodeOf.get(input);
      for (let steps = 0; node && steps < members.length; steps++) {
        const before = nodeOf.get(node.layers[0]!.inputs[0] ?? '');
        if (!before || !inside.has(before)) break;
        node = before;
      }
      return node;
    });
    if (heads.length >= 2 && heads.every((h) => h && inside.has(h)) && new Set(heads).size === heads.length)
      result.push(heads as Unit[]);
  }
  return result;
}

/** Units of layers: a conv, separable conv or dense with the batch norm and activation that only it feeds. */
function fuseFollowers(layers: readonly IRLayer[]): Unit[] {
  const consumers = new Map<string, number>();
  for (const l of layers) for (const i of l.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  const units: Unit[] = [];
  let last: Unit | undefined;
  for (const l of layers) {
    const tail = last?.layers[last.layers.length - 1];
    const follows =
      tail !== undefined &&
      FOLLOWERS.has(l.op) &&
      l.inputs.length === 1 &&
      l.inputs[0] === tail.name &&
      consumers.get(tail.name) === 1 &&
      l.scope.instance === tail.scope.instance &&
      last!.layers[0]!.op !== 'input';
    if (follows) {
      last!.layers.push(l);
      continue;
    }
    last = {
      id: '',
      layers: [l],
      ...(l.scope.instance !== undefined ? { instance: l.scope.instance } : {}),
      ...(l.scope.block !== undefined ? { block: l.scope.block } : {}),
    };
    units.push(last);
  }
  return units;
}

function nodeAttributes(n: Unit, expanded: boolean, consumed: ReadonlySet<string>): string {
  const output = n.layers[n.layers.length - 1]!;
  const params = sumTotals(n.layers).params.total;
  const collapsed = !expanded && n.instance !== undefined;
  const title = collapsed
    ? n.block && n.block !== n.instance
      ? `${n.instance} (${n.block})`
      : n.instance!
    : describeLayers(n.layers);
  const lines = [title];
  if (!expanded || !consumed.has(output.name)) lines.push(formatShape(output.shape));
  if (params > 0) lines.push(`${groupThousands(params)} params`);
  const fill = collapsed ? '#dbe6f7' : colourOf(n.layers[0]!.op);
  return `label=${quote(lines.join('\n'))}, fillcolor=${quote(fill)}, tooltip=${quote(n.layers.map((l) => l.name).join(', '))}`;
}

/** A unit's ops in one line: `conv 64 3x3 /2 + bn + relu`. */
function describeLayers(layers: readonly IRLayer[]): string {
  return layers.map((l, i) => describeLayer(l, i > 0)).join(' + ');
}

function colourOf(op: IRLayer['op']): string {
  switch (op) {
    case 'conv2d':
    case 'sepconv2d':
      return '#fff4c2';
    case 'maxpool':
    case 'avgpool':
    case 'globalavgpool':
    case 'globalmaxpool':
      return '#d9f2d9';
    case 'concat':
    case 'scaledadd':
    case 'multiply':
      return '#ffd9b3';
    case 'dense':
      return '#f2d9f2';
    case 'input':
      return '#e6e6e6';
    default:
      return '#ffffff';
  }
}

function formatShape(shape: ReadonlyArray<number | null>): string {
  return shape.slice(1).join('x');
}

/** A DOT string: quoted, backslashes and quotes escaped, line breaks as DOT's centred `\n`. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}
