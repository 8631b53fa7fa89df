import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver/node.js';
import { SURFACE_OPS } from '../ops/registry.js';
import { OPTION_CALLS } from '../ops/words.js';
import type { Analysis } from './Analysis.js';
import { blockSignature } from './blockSignature.js';
import { blocksInScope, type ScopedBlock } from './blocksInScope.js';
import { completionContext } from './completionContext.js';

/** Words that open a statement or a part of a file besides ops and blocks. */
const KEYWORDS = [
  'import',
  'model',
  'block',
  'branch',
  'split',
  'project',
  'residual',
  'input',
  'classes',
  'defaults',
  'stem',
  'body',
  'head',
  'aux',
  'train',
];

/**
 * Completion from the op registry and the blocks in scope: ops, blocks and keywords where a
 * statement starts; an op's `key=` settings and flag words after it; a block's parameters (or an
 * option call's keys, `bn(epsilon=…)`) inside parentheses. `scope` is the newest analysis whose
 * text parsed, since the text being typed usually does not.
 */
export function provideCompletion(text: string, offset: number, scope: Analysis | undefined): CompletionItem[] {
  const context = completionContext(text, offset);
  const blocks = scope ? blocksInScope(scope) : new Map<string, ScopedBlock>();
  switch (context.kind) {
    case 'none':
      return [];
    case 'statement':
      return [
        ...[...SURFACE_OPS.values()].map((op) => ({
          label: op.name,
          kind: CompletionItemKind.Function,
          detail: op.summary,
        })),
        ...[...blocks.values()].map((b) => ({
          label: b.def.name.name,
          kind: CompletionItemKind.Class,
          detail: blockSignature(b.def, scope?.result.sources.get(b.file)),
        })),
        ...KEYWORDS.map((k) => ({ label: k, kind: CompletionItemKind.Keyword })),
      ];
    case 'settings': {
      const op = SURFACE_OPS.get(context.callee);
      const after = ['as', 'x'].map((k) => ({ label: k, kind: CompletionItemKind.Keyword }));
      if (!op) return blocks.has(context.callee) ? after : [];
      return [
        ...Object.entries(op.syntax.keys).map(([key, type]) => ({
          label: `${key}=`,
          kind: CompletionItemKind.Property,
          detail: type,
          insertText: `${key}=`,
        })),
        ...Object.entries(op.syntax.flags).map(([word, [setting, value]]) => ({
          label: word,
          kind: CompletionItemKind.EnumMember,
          detail: `${setting} = ${JSON.stringify(value)}`,
        })),
        ...after,
      ];
    }
    case 'arguments': {
      const written = new Set(context.written);
      const option = OPTION_CALLS[context.callee];
      const keys: Array<{ key: string; detail: string }> = [];
      const optionOp = option === undefined ? undefined : SURFACE_OPS.get(option);
      if (optionOp) {
        keys.push(...Object.entries(optionOp.syntax.keys).map(([key, type]) => ({ key, detail: type })));
      } else {
        const block = blocks.get(context.callee);
        const source = block ? scope?.result.sources.get(block.file) : undefined;
        for (const p of block?.def.params ?? []) {
          const value = p.default && source ? source.slice(p.default.span.start.offset, p.default.span.end.offset) : '';
          keys.push({ key: p.name.name, detail: value ? `parameter (default ${value})` : 'parameter' });
        }
      }
      return keys
        .filter((k) => !written.has(k.key))
        .map((k) => ({
          label: `${k.key}=`,
          kind: CompletionItemKind.Field,
          detail: k.detail,
          insertText: `${k.key}=`,
        }));
    }
  }
}
