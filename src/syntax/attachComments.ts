import type * as A from './ast.js';

/**
 * Attaches every comment of a file to a node so that no tool loses it: a comment at the end of a
 * line goes to the node that ended last before it on that line — a statement, or the braces a
 * `}` closes (or, on a header line such as
 * `block A(pool) {  # Figure 5`, to the node that line opens); a comment on its own line goes to
 * the next node inside the same braces, or, when none follows, to the enclosing node as dangling.
 */
export function attachComments(file: A.FileNode): void {
  const nodes = collect(file);
  nodes.sort((a, b) => a.span.start.offset - b.span.start.offset || b.span.end.offset - a.span.end.offset);
  for (const c of file.comments) {
    const line = c.span.start.line;
    const offset = c.span.start.offset;
    // Nodes that start on the comment's line before it, or end there before it (`}  # note`).
    const onLine = nodes.filter(
      (n) =>
        n.span.start.offset < offset &&
        (n.span.start.line === line || (n.span.end.line === line && n.span.end.offset <= offset)),
    );
    if (onLine.length > 0) {
      const ended = onLine.filter((n) => n.span.end.offset <= offset);
      let target: A.Commentable;
      if (ended.length > 0) {
        const lastEnd = Math.max(...ended.map((n) => n.span.end.offset));
        target = ended.find((n) => n.span.end.offset === lastEnd)!;
      } else {
        target = onLine[0]!;
      }
      if (target.comments.trailing) (target.comments.dangling ??= []).push(c);
      else target.comments.trailing = c;
      continue;
    }
    const container = innermostContaining(nodes, offset);
    const next = nodes.find(
      (n) => n.span.start.offset > offset && (!container || n.span.end.offset <= container.span.end.offset),
    );
    if (next && (!container || next !== container)) next.comments.leading.push(c);
    else if (container) (container.comments.dangling ??= []).push(c);
    else file.trailingComments.push(c);
  }
}

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
