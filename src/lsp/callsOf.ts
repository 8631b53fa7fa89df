import type * as A from '../syntax/ast.js';
import { callsIn } from '../syntax/callsIn.js';

/** Every call statement of a file — in blocks, sections and aux heads, `project` calls included. */
export function callsOf(file: A.FileNode): A.CallStmt[] {
  const blocks = [...file.blocks, ...file.models.flatMap((m) => m.blocks)];
  return [
    ...blocks.flatMap((b) => callsIn(b.body)),
    ...file.models.flatMap((m) => [...m.sections, ...m.aux].flatMap((s) => callsIn(s.body))),
  ];
}
