import { MarkupKind, type Hover } from 'vscode-languageserver/node.js';
import type { Node } from '../elaborate/ModuleIR.js';
import type { Span } from '../diagnostics/Span.js';
import { SURFACE_OPS } from '../ops/registry.js';
import { groupThousands } from '../summary/groupThousands.js';
import type { Analysis } from './Analysis.js';
import { blockSignature } from './blockSignature.js';
import { blocksInScope } from './blocksInScope.js';
import { callsOf } from './callsOf.js';
import { instanceRows, type InstanceRow } from './instanceRows.js';
import { moduleNodes } from './moduleNodes.js';
import { spanContains } from './spanContains.js';
import { spanRange } from './spanRange.js';

/**
 * Hover on an op, a block call or a block's name at its definition: the output shape (`HxWxC`),
 * parameters and MACs of each instance it makes, from the first analysis (the document's own,
 * then those of open specs importing it) whose model uses that text. Without a model — a
 * library on its own, or a spec with errors — an op still shows what it does and a block call
 * its signature.
 */
export function provideHover(uri: string, offset: number, analyses: readonly Analysis[]): Hover | null {
  for (const a of analyses) {
    const found = fromModel(a, uri, offset);
    if (found) return found;
  }
  const own = analyses.find((a) => a.uri === uri);
  return own ? fromSyntax(own, offset) : null;
}

function fromModel(a: Analysis, uri: string, offset: number): Hover | null {
  const module = a.result.module;
  if (!module || !a.result.ir) return null;
  const here = (span: Span) => spanContains(span, offset) && a.uriOf(span.file) === uri;
  const all = moduleNodes(module);
  const hits = all.filter((n) => here(n.span));
  if (hits.length > 0) {
    const width = (n: Node) => n.span.end.offset - n.span.start.offset;
    const narrowest = Math.min(...hits.map(width));
    // A block used with parameters of different kinds has a graph for each: the same statement
    // is a node in every one of them.
    const nodes = hits.filter((n) => width(n) === narrowest);
    const node = nodes[0]!;
    let what = 'split';
    if (node.kind === 'op') what = `op \`${node.op}\`: ${SURFACE_OPS.get(node.op)?.summary ?? ''}`;
    if (node.kind === 'instance') {
      const name = module.blocks.find((b) => b.key === node.block)?.name ?? node.block;
      const def = blocksInScope(a).get(name);
      what = `\`${def ? blockSignature(def.def, a.result.sources.get(def.file)) : `block ${name}`}\``;
    }
    return markdown(statement(a, node.span), what, instanceRows(a.result, nodes), node.span);
  }
  const graphs = module.blocks.filter((b) => here(b.nameSpan));
  if (graphs.length === 0) return null;
  const keys = new Set(graphs.map((g) => g.key));
  const calls = all.filter((n) => n.kind === 'instance' && keys.has(n.block));
  const def = blocksInScope(a).get(graphs[0]!.name);
  const title = def ? blockSignature(def.def, a.result.sources.get(def.file)) : `block ${graphs[0]!.name}`;
  return markdown(title, `used by model \`${module.name}\``, instanceRows(a.result, calls), graphs[0]!.nameSpan);
}

function fromSyntax(a: Analysis, offset: number): Hover | null {
  const ast = a.ast;
  if (!ast) return null;
  const blocks = blocksInScope(a);
  const call = callsOf(ast).find((c) => spanContains(c.callee.span, offset));
  const name = call?.callee.name;
  const op = name === undefined ? undefined : SURFACE_OPS.get(name);
  if (call && op) return markdown(statement(a, call.span), `op \`${op.name}\`: ${op.summary}`, [], call.span);
  const block = name === undefined ? undefined : blocks.get(name);
  if (call && block) {
    const signature = blockSignature(block.def, a.result.sources.get(block.file));
    return markdown(statement(a, call.span), signature, [], call.span);
  }
  const def = [...ast.blocks, ...ast.models.flatMap((m) => m.blocks)].find((b) => spanContains(b.name.span, offset));
  if (!def) return null;
  const text = a.result.sources.get(def.name.span.file);
  return markdown(blockSignature(def, text), 'not used by a model that compiles', [], def.name.span);
}

/** The first line of the text a span covers: the statement as written. */
function statement(a: Analysis, span: Span): string {
  const text = a.result.sources.get(span.file) ?? '';
  return text.slice(span.start.offset, span.end.offset).split('\n')[0]!.trim();
}

function markdown(title: string, what: string, rows: readonly InstanceRow[], span: Span): Hover {
  const lines = ['```incep', title, '```', what];
  if (rows.length === 1) {
    const r = rows[0]!;
    lines.push(
      '',
      `\`${r.name}\`: output **${r.shape}**, ${groupThousands(r.params)} params, ${groupThousands(r.macs)} MACs`,
    );
  } else if (rows.length > 1) {
    lines.push('', '| instance | output | params | MACs |', '| --- | --- | ---: | ---: |');
    for (const r of rows)
      lines.push(`| \`${r.name}\` | **${r.shape}** | ${groupThousands(r.params)} | ${groupThousands(r.macs)} |`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: spanRange(span) };
}
