import type * as A from './ast.js';

/**
 * Attaches every comment of a file to a node so that no tool loses it: a comment at the end of a
 * line goes to the node that ended last before it on that line — a statement, or the braces a
 * `}` closes (or, on a header line such as
 * `block A(pool) {  # Figure 5`, to the node that line opens); a comment on its own line goes to
 * the next node inside the same braces, or, when none follows, to the enclosing node as dangling.
 */
export function attachComments(file: A.FileNode): void {
  if (file.comments.length === 0) return;
  const nodes = collect(file);
  nodes.sort((a, b) => a.span.start.offset - b.span.start.offset || b.span.end.offset - a.span.end.offset);
  // Indexes by line and a nesting stack make each comment cost about the nodes on its line, not
  // a scan of every node: a long spec has thousands of each.
  const commented = new Set(file.comments.map((c) => c.span.start.line));
  const startingOn = byLine(nodes, commented, (n) => n.span.start.line);
  const endingOn = byLine(nodes, commented, (n) => n.span.end.line);
  const containers = nestingOf(nodes);
  for (const c of file.comments) {
    const line = c.span.start.line;
    const offset = c.span.start.offset;
    // Nodes that start on the comment's line before it, or end there before it (`}  # note`),
    // as indexes into `nodes`: ties go to the first in that order.
    const onLine = [
      ...(startingOn.get(line) ?? []).filter((i) => nodes[i]!.span.start.offset < offset),
      ...(endingOn.get(line) ?? []).filter(
        (i) => nodes[i]!.span.start.offset < offset && nodes[i]!.span.end.offset <= offset,
      ),
    ];
    if (onLine.length > 0) {
      let target: number | undefined;
      for (const i of onLine) {
        const end = nodes[i]!.span.end.offset;
        if (end > offset) continue;
        const best = target === undefined ? undefined : nodes[target]!.span.end.offset;
        if (best === undefined || end > best || (end === best && i < target!)) target = i;
      }
      const node = nodes[target ?? onLine.reduce((a, b) => Math.min(a, b))]!;
      if (node.comments.trailing) (node.comments.dangling ??= []).push(c);
      else node.comments.trailing = c;
      continue;
    }
    const container = containers ? containers(offset) : innermostContaining(nodes, offset);
    const next = nextNode(nodes, offset, container);
    if (next && (!container || next !== container)) next.comments.leading.push(c);
    else if (container) (container.comments.dangling ??= []).push(c);
    else file.trailingComments.push(c);
  }
}

/** Indexes into `nodes`, in order, grouped by the line `lineOf` gives, for the lines in `lines`. */
function byLine(
  nodes: A.Commentable[],
  lines: ReadonlySet<number>,
  lineOf: (n: A.Commentable) => number,
): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let i = 0; i < nodes.length; i++) {
    const line = lineOf(nodes[i]!);
    if (!lines.has(line)) continue;
    const list = out.get(line);
    if (list) list.push(i);
    else out.set(line, [i]);
  }
  return out;
}

/**
 * The first node (in `nodes`' order) that starts after `offset` and, with a container, ends
 * within it. `nodes` is sorted by start, so the search starts by bisection.
 */
function nextNode(
  nodes: A.Commentable[],
  offset: number,
  container: A.Commentable | undefined,
): A.Commentable | undefined {
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid]!.span.start.offset > offset) hi = mid;
    else lo = mid + 1;
  }
  if (!container) return nodes[lo];
  const limit = container.span.end.offset;
  for (let i = lo; i < nodes.length && nodes[i]!.span.start.offset <= limit; i++) {
    if (nodes[i]!.span.end.offset <= limit) return nodes[i];
  }
  return undefined;
}

/**
 * When the spans nest (each node inside or after the ones before it, as a parser makes them), a
 * function that gives the innermost node strictly containing an offset — the same answer as
 * `innermostContaining` — for offsets asked in increasing order, in amortised constant time.
 * Undefined when two spans overlap without nesting.
 */
function nestingOf(nodes: A.Commentable[]): ((offset: number) => A.Commentable | undefined) | undefined {
  for (let i = 0, open: A.Commentable[] = []; i < nodes.length; i++) {
    const n = nodes[i]!;
    while (open.length > 0 && open.at(-1)!.span.end.offset <= n.span.start.offset) open.pop();
    if (open.length > 0 && open.at(-1)!.span.end.offset < n.span.end.offset) return undefined;
    open.push(n);
  }
  let pushed = 0;
  let asked = -Infinity;
  let open: A.Commentable[] = [];
  return (offset) => {
    // Comments come in text order; should one not, start the sweep again.
    if (offset < asked) [pushed, open] = [0, []];
    asked = offset;
    for (; pushed < nodes.length && nodes[pushed]!.span.start.offset < offset; pushed++) {
      const n = nodes[pushed]!;
      while (open.length > 0 && open.at(-1)!.span.end.offset <= n.span.start.offset) open.pop();
      const top = open.at(-1);
      // Of nodes with one span the first wins, as in the scan: later twins never surface.
      if (top?.span.start.offset === n.span.start.offset && top.span.end.offset === n.span.end.offset) continue;
      open.push(n);
    }
    while (open.length > 0 && open.at(-1)!.span.end.offset <= offset) open.pop();
    return open.at(-1);
  };
}

/** The smallest node strictly containing `offset` (the first of equals): a scan of them all. */
function innermostContaining(nodes: A.Commentable[], offset: number): A.Commentable | undefined {
  let best: A.Commentable | undefined;
  for (const n of nodes) {
    if (n.span.start.offset < offset && offset < n.span.end.offset) {
      if (!best || n.span.end.offset - n.span.start.offset < best.span.end.offset - best.span.start.offset) best = n;
    }
  }
  return best;
}

function collect(file: A.FileNode): A.Commentable[] {
  const out: A.Commentable[] = [];
  const statements = (list: A.Statement[]): void => {
    for (const s of list) {
      out.push(s);
      if (s.kind === 'Branch') statements(s.body);
      else if (s.kind === 'Split') for (const g of s.groups) statements(g.body);
      else if (s.kind === 'Project') {
        /* the projected call shares the statement's comments */
      }
    }
  };
  const block = (b: A.BlockDef): void => {
    out.push(b);
    statements(b.body);
  };
  out.push(...file.imports);
  file.blocks.forEach(block);
  for (const m of file.models) {
    out.push(m);
    if (m.input) out.push(m.input);
    if (m.classes) out.push(m.classes);
    if (m.defaults) {
      out.push(m.defaults);
      out.push(...m.defaults.items);
    }
    m.blocks.forEach(block);
    for (const s of m.sections) {
      out.push(s);
      statements(s.body);
    }
    for (const a of m.aux) {
      out.push(a);
      statements(a.body);
    }
    if (m.train) {
      out.push(m.train);
      out.push(...m.train.items);
    }
  }
  return out;
}
