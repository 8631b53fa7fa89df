import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Location } from 'vscode-languageserver/node.js';
import type { Analysis } from './Analysis.js';
import { blocksInScope } from './blocksInScope.js';
import { callsOf } from './callsOf.js';
import { documentPath } from './documentPath.js';
import { spanContains } from './spanContains.js';
import { spanRange } from './spanRange.js';

/**
 * Go to definition: from a block call to the block's definition (in the document or any file it
 * imports), from an `import`'s path to that file, and from the instance an aux head taps to the
 * call that names it. Paths resolve as `compile` resolves them:
 * from the importing file's directory, or the working directory for an unsaved document.
 */
export function provideDefinition(a: Analysis, offset: number): Location[] {
  const ast = a.ast;
  if (!ast) return [];
  const imp = ast.imports.find((i) => spanContains(i.pathSpan, offset));
  if (imp) {
    const from = documentPath(a.uri);
    const target = resolve(from === undefined ? process.cwd() : dirname(from), imp.path);
    if (!existsSync(target)) return [];
    return [{ uri: a.uriOf(target), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
  }
  // `aux logits at mixed7`: the instance named `mixed7` with `as`.
  const tap = ast.models.flatMap((m) => m.aux).find((x) => spanContains(x.at.span, offset));
  if (tap) {
    const named = callsOf(ast).filter((c) => c.alias?.name === tap.at.name);
    return named.map((c) => ({ uri: a.uri, range: spanRange(c.alias!.span) }));
  }
  const call = callsOf(ast).find((c) => spanContains(c.callee.span, offset));
  if (!call) return [];
  const block = blocksInScope(a).get(call.callee.name);
  if (!block) return [];
  return [{ uri: a.uriOf(block.file), range: spanRange(block.def.name.span) }];
}
