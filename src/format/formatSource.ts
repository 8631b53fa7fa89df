import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { parse } from '../syntax/parse.js';
import { layoutLines } from './layoutLines.js';
import { printLines } from './printLines.js';
import { sourceTokens } from './sourceTokens.js';
import { tightOperators } from './tightOperators.js';

/** The canonical text of a spec, or the syntax errors that stopped it being formatted. */
export type FormatResult = { ok: true; text: string } | { ok: false; diagnostics: Diagnostic[] };

/**
 * The canonical form of one `.incep` text (what `incep fmt` prints and the language server
 * applies): indentation by nesting, one blank between tokens except where the language writes them
 * together, at most one blank line in a row, every comment where it was. Line breaks stay as the
 * author wrote them. Idempotent, and it never changes what the spec means. A text with lexical or
 * syntax errors is refused with those errors (as `parse` reports them, `file` naming their
 * place); the checker's errors do not matter here, so a spec being written can be formatted.
 */
export function formatSource(text: string, file: string): FormatResult {
  const parsed = parse(text, file);
  if (!parsed.ast || !parsed.lexed) return { ok: false, diagnostics: parsed.diagnostics };
  return { ok: true, text: printLines(layoutLines(sourceTokens(parsed.lexed)), tightOperators(parsed.ast)) };
}
