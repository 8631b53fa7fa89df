import { CATALOGUE, type CatalogueEntry, type CodeOfSeverity, type DiagnosticCode } from './catalogue.js';
import type { Span } from './Span.js';

/** How bad a diagnostic is: errors stop compilation, warnings and notes do not. */
export type Severity = 'error' | 'warning' | 'note';

/** Extra places a diagnostic points at (for example every branch of a disagreeing block). */
export interface RelatedInformation {
  span: Span;
  message: string;
}

/**
 * The one diagnostic shape of every phase (lexer, parser, names, arguments, shapes, imports, CLI
 * input). Errors are values: compilation returns these, it never throws for anything a user typed.
 */
export interface Diagnostic {
  severity: Severity;
  /**
   * Stable code such as `E0301`, one of `CATALOGUE`'s. Typed `string` because this is the JSON
   * shape readers outside incep see; the constructors below take only catalogue codes.
   */
  code: string;
  message: string;
  span?: Span;
  hint?: string;
  related?: RelatedInformation[];
}

/** Builds an error diagnostic; `hint` and `related` are omitted when empty. */
export function error(
  code: DiagnosticCode,
  message: string,
  span: Span | undefined,
  hint?: string,
  related?: RelatedInformation[],
): Diagnostic {
  const d: Diagnostic = { severity: 'error', code, message };
  if (span) d.span = span;
  if (hint) d.hint = hint;
  if (related && related.length > 0) d.related = related;
  return d;
}

/** Builds a warning diagnostic. */
export function warning(code: DiagnosticCode, message: string, span: Span | undefined, hint?: string): Diagnostic {
  return { ...error(code, message, span, hint), severity: 'warning' };
}

/** Builds a note: information about a spec that compiles (N-codes only). */
export function note(code: CodeOfSeverity<'note'>, message: string, span: Span | undefined, hint?: string): Diagnostic {
  return { ...error(code, message, span, hint), severity: 'note' };
}

/**
 * What the catalogue says about `code`, matched without regard to case (`e0301` is `E0301`);
 * undefined for anything else, including the legacy codes, which the catalogue does not describe.
 */
export function describe(code: string): CatalogueEntry | undefined {
  const key = code.toUpperCase();
  return Object.hasOwn(CATALOGUE, key) ? CATALOGUE[key as DiagnosticCode] : undefined;
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
