import type * as A from '../syntax/ast.js';
import type { Analysis } from './Analysis.js';

/** A block definition and the file (as spans name it) it is written in. */
export interface ScopedBlock {
  def: A.BlockDef;
  file: string;
}

/**
 * The blocks a document can call, by name: its own (file-level and in its model) and those of
 * every file it imports — one namespace, as the checker sees it. The first definition of a
 * name wins, as in the checker's error about the second.
 */
export function blocksInScope(analysis: Analysis): Map<string, ScopedBlock> {
  const out = new Map<string, ScopedBlock>();
  for (const [file, ast] of analysis.files()) {
    for (const def of [...ast.blocks, ...ast.models.flatMap((m) => m.blocks)]) {
      if (!out.has(def.name.name)) out.set(def.name.name, { def, file });
    }
  }
  return out;
}
