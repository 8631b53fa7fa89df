import type * as A from '../syntax/ast.js';

/** Every call statement of a file — in blocks, sections and aux heads, `project` calls included. */
export function callsOf(file: A.FileNode): A.CallStmt[] {
  const out: A.CallStmt[] = [];
  const walk = (body: readonly A.Statement[]): void => {
    for (const s of body) {
      if (s.kind === 'Call') out.push(s);
      else if (s.kind === 'Branch') walk(s.body);
      else if (s.kind === 'Split') for (const g of s.groups) walk(g.body);
      else out.push(s.call);
    }
  };
  const blocks = [...file.blocks, ...file.models.flatMap((m) => m.blocks)];
  for (const b of blocks) walk(b.body);
  for (const m of file.models) {
    for (const s of m.sections) walk(s.body);
    for (const a of m.aux) walk(a.body);
  }
  return out;
}
