import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node.js';
import type { Span } from '../diagnostics/Span.js';
import type * as A from '../syntax/ast.js';
import { spanRange } from './spanRange.js';

/**
 * The outline of a file: its imports, blocks and model; in the model its declarations (`input`,
 * `classes`, `defaults`, `train`), blocks, sections and aux heads; in blocks and sections their
 * branches and the instances named with `as`.
 */
export function provideDocumentSymbols(file: A.FileNode): DocumentSymbol[] {
  return [
    ...file.imports.map((i) => symbol(`import "${i.path}"`, SymbolKind.File, i.span, i.pathSpan)),
    ...file.blocks.map(blockSymbol),
    ...file.models.map((m) =>
      symbol(m.name.name, SymbolKind.Module, m.span, m.name.span, [
        ...(m.input
          ? [symbol('input', SymbolKind.Property, m.input.span, m.input.span, [], m.input.dims.join('x'))]
          : []),
        ...(m.classes
          ? [symbol('classes', SymbolKind.Property, m.classes.span, m.classes.span, [], String(m.classes.value))]
          : []),
        ...(m.defaults ? [symbol('defaults', SymbolKind.Object, m.defaults.span, m.defaults.span)] : []),
        ...m.blocks.map(blockSymbol),
        ...m.sections.map((s) => symbol(s.name, SymbolKind.Namespace, s.span, s.keywordSpan, statements(s.body))),
        ...m.aux.map((a) =>
          symbol(
            `aux ${a.name.name}`,
            SymbolKind.Namespace,
            a.span,
            a.name.span,
            statements(a.body),
            `at ${a.at.name}`,
          ),
        ),
        ...(m.train ? [symbol('train', SymbolKind.Object, m.train.span, m.train.span)] : []),
      ]),
    ),
  ];
}

function blockSymbol(b: A.BlockDef): DocumentSymbol {
  const params = b.params.map((p) => p.name.name).join(', ');
  return symbol(
    b.name.name,
    SymbolKind.Function,
    b.span,
    b.name.span,
    statements(b.body),
    params ? `(${params})` : undefined,
  );
}

/** Branches, splits named with `as`, and calls named with `as`, nested as written. */
function statements(body: readonly A.Statement[]): DocumentSymbol[] {
  return body.flatMap((s): DocumentSymbol[] => {
    switch (s.kind) {
      case 'Branch':
        return [
          symbol(
            `branch ${s.name?.name ?? ''}`.trim(),
            SymbolKind.Namespace,
            s.span,
            s.name?.span ?? s.keywordSpan,
            statements(s.body),
          ),
        ];
      case 'Split': {
        const inner = s.groups.flatMap((g) => statements(g.body));
        return s.alias ? [symbol(s.alias.name, SymbolKind.Variable, s.span, s.alias.span, inner, 'split')] : inner;
      }
      case 'Call':
        return s.alias ? [symbol(s.alias.name, SymbolKind.Variable, s.span, s.alias.span, [], s.callee.name)] : [];
      case 'Project':
        return [];
    }
  });
}

function symbol(
  name: string,
  kind: SymbolKind,
  span: Span,
  selection: Span,
  children: DocumentSymbol[] = [],
  detail?: string,
): DocumentSymbol {
  const s: DocumentSymbol = { name, kind, range: spanRange(span), selectionRange: spanRange(selection), children };
  if (detail !== undefined) s.detail = detail;
  return s;
}
