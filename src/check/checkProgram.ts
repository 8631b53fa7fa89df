import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { didYouMean } from '../diagnostics/didYouMean.js';
import { SURFACE_OPS } from '../ops/registry.js';
import type * as A from '../syntax/ast.js';
import { findRecursion } from './findRecursion.js';
import { BUILTIN_NAMES, StatementChecker } from './StatementChecker.js';

/** Blocks in scope and what the static checks found. */
export interface CheckResult {
  blocks: Map<string, A.BlockDef>;
  diagnostics: Diagnostic[];
}

/**
 * The checks that need no evaluation, run over every block whether used or not, so one run shows
 * every misspelt op, argument, parameter or block: duplicate definitions, unknown names (with
 * suggestions), block-call arity, where `branch` and `project` may stand, and block recursion.
 * Shapes and values are checked while lowering.
 */
export function checkProgram(file: A.FileNode, libraries: readonly A.FileNode[]): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const blocks = new Map<string, A.BlockDef>();
  const define = (b: A.BlockDef) => {
    const first = blocks.get(b.name.name);
    if (first) {
      diagnostics.push(
        error('E0303', `block '${b.name.name}' is defined twice`, b.name.span, 'rename one of them', [
          { span: first.name.span, message: 'first defined here' },
        ]),
      );
      return;
    }
    if (SURFACE_OPS.has(b.name.name)) {
      diagnostics.push(
        error('E0303', `block '${b.name.name}' has the name of an op`, b.name.span, 'choose another name'),
      );
      return;
    }
    blocks.set(b.name.name, b);
  };
  for (const lib of libraries) lib.blocks.forEach(define);
  file.blocks.forEach(define);
  for (const m of file.models) m.blocks.forEach(define);

  if (file.models.length > 1) {
    diagnostics.push(
      error(
        'E0304',
        'a file defines at most one model',
        file.models[1]!.name.span,
        'put each model in its own file and share blocks with `import`',
      ),
    );
  }
  for (const m of file.models) {
    for (const d of m.duplicates) {
      diagnostics.push(
        error('E0303', `'${d.what}' is given twice`, d.span, undefined, [
          { span: d.first, message: 'first given here' },
        ]),
      );
    }
    for (const item of m.defaults?.items ?? []) {
      if (!SURFACE_OPS.has(item.op.name))
        diagnostics.push(
          error(
            'E0301',
            `unknown op '${item.op.name}' in defaults`,
            item.op.span,
            didYouMean(item.op.name, [...SURFACE_OPS.keys()]),
          ),
        );
    }
    const auxNames = new Map<string, A.AuxDecl>();
    for (const a of m.aux) {
      const first = auxNames.get(a.name.name);
      if (first)
        diagnostics.push(
          error('E0303', `aux head '${a.name.name}' is defined twice`, a.name.span, undefined, [
            { span: first.name.span, message: 'first defined here' },
          ]),
        );
      auxNames.set(a.name.name, a);
    }
  }

  const checker = new StatementChecker(blocks, diagnostics);
  for (const b of blocks.values()) checker.block(b);
  for (const m of file.models) {
    // A defaults line reads like an op's arguments; only `classes` is a name there.
    for (const item of m.defaults?.items ?? []) {
      if (SURFACE_OPS.has(item.op.name)) checker.opArgs(item.op.name, item.args, new Set(['classes', 'true', 'false']));
    }
    for (const s of m.sections) checker.sequence(s.body, new Set(BUILTIN_NAMES));
    for (const a of m.aux) checker.sequence(a.body, new Set(BUILTIN_NAMES));
  }
  diagnostics.push(...findRecursion(blocks));
  return { blocks, diagnostics };
}
