import type { TextEdit } from 'vscode-languageserver/node.js';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { formatSource } from '../format/formatSource.js';

/**
 * Formatting through `incep fmt`'s formatter: one edit replacing the whole document with its
 * canonical text; none when it is already canonical or does not parse (its syntax errors are
 * already shown as diagnostics).
 */
export function provideFormatting(doc: TextDocument): TextEdit[] {
  const text = doc.getText();
  const formatted = formatSource(text, doc.uri);
  if (!formatted.ok || formatted.text === text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, newText: formatted.text }];
}
