import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';

/** What `findYamlNode` found: the pair holding the value (when it is in a mapping) and the value. */
export interface FoundYamlNode {
  pair?: Pair;
  /** The key's node, when the value sits in a mapping. */
  key?: Node;
  /** The value's node; undefined for a key with nothing after its colon in some layouts. */
  value?: Node;
}

/**
 * The node at a path of keys (ajv's `instancePath` split into its segments) in a parsed
 * document, following an alias one step where the path passes through one. Only the path's own
 * aliases are resolved, never a whole subtree, so an alias bomb cannot make this slow.
 */
export function findYamlNode(doc: Document, path: readonly string[]): FoundYamlNode | undefined {
  let found: FoundYamlNode = { value: doc.contents ?? undefined };
  for (const segment of path) {
    const here = resolve(doc, found.value);
    if (isMap(here)) {
      // The last pair wins, as it does in the parsed value (duplicates are a YAML error anyway).
      const pair = here.items.findLast((p) => isPair(p) && keyText(p.key) === segment);
      if (!pair) return undefined;
      found = { pair, key: pair.key as Node, value: (pair.value ?? undefined) as Node | undefined };
    } else if (isSeq(here)) {
      const item = here.items[Number(segment)];
      if (item === undefined) return undefined;
      found = { value: item as Node };
    } else {
      return undefined;
    }
  }
  return found;
}

/** A key as the parsed object names it (`1:` is the key "1"). */
export function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function resolve(doc: Document, node: Node | undefined): Node | undefined {
  return isAlias(node) ? (node.resolve(doc) ?? undefined) : node;
}
