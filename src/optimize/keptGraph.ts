import type { Layer, SymbolicTensor } from '../runtime/tf.js';

/** A call of a layer in a functional graph (tfjs-layers' `Node`, which tfjs does not export by name). */
export type GraphNode = Layer['inboundNodes'][number];

/** The part of a functional model's graph that one output depends on. */
export interface KeptGraph {
  /** The nodes the output depends on, each after the nodes producing its inputs. */
  order: GraphNode[];
  /** For each symbolic tensor id, the kept nodes that read it (the output itself counts as a reader: `null`). */
  readers: Map<number, Array<GraphNode | null>>;
}

/** The node that produced `t`. */
export function producerOf(t: SymbolicTensor): GraphNode {
  const node = t.sourceLayer.inboundNodes[t.nodeIndex];
  if (node === undefined) throw new Error(`optimizeForInference: tensor '${t.name}' has no producing node`);
  return node;
}

/**
 * Walks back from `output` through the producing nodes. The walk is iterative (Inception
 * graphs are several hundred layers deep), and only the nodes reached count as readers, so a
 * tensor that also fed a dropped aux head is read once here.
 */
export function keptGraph(output: SymbolicTensor): KeptGraph {
  const order: GraphNode[] = [];
  const done = new Set<GraphNode>();
  const stack: Array<{ node: GraphNode; expanded: boolean }> = [{ node: producerOf(output), expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (done.has(top.node)) continue;
    if (top.expanded) {
      done.add(top.node);
      order.push(top.node);
      continue;
    }
    stack.push({ node: top.node, expanded: true });
    for (const t of inputsOf(top.node)) {
      const node = producerOf(t);
      if (!done.has(node)) stack.push({ node, expanded: false });
    }
  }
  const readers = new Map<number, Array<GraphNode | null>>([[output.id, [null]]]);
  for (const node of order) {
    for (const t of inputsOf(node)) {
      const list = readers.get(t.id) ?? [];
      list.push(node);
      readers.set(t.id, list);
    }
  }
  return { order, readers };
}

/**
 * The tensors a node reads. An InputLayer's node lists its own output as its input (tfjs's
 * convention), so it reads nothing here: it has no inbound layers.
 */
export function inputsOf(node: GraphNode): SymbolicTensor[] {
  return node.inboundLayers.length === 0 ? [] : node.inputTensors;
}
