import type { Severity } from './Diagnostic.js';
import { SYNTAX_ENTRIES } from './catalogue/syntax.js';
import { NAME_ENTRIES } from './catalogue/names.js';
import { VALUE_ENTRIES } from './catalogue/values.js';
import { SHAPE_ENTRIES } from './catalogue/shapes.js';
import { IMPORT_ENTRIES } from './catalogue/imports.js';
import { RUN_FILE_ENTRIES } from './catalogue/runFiles.js';
import { ADVICE_ENTRIES } from './catalogue/advice.js';

/** One illustration of a diagnostic: a case in words, and the smallest spec that shows it. */
export interface CatalogueExample {
  /** The case, in a few words (a row's "meaning" in grammar/README.md). */
  readonly what: string;
  /**
   * A spec, compiled as `x.incep` next to `lib.incep` and `m.incep`, that reports the code; null
   * where no short spec can (a 4 MiB file, 257 nested brackets).
   */
  readonly source: string | null;
}

/** Everything a user is told about one diagnostic code, wherever it is shown. */
export interface CatalogueEntry {
  readonly severity: Severity;
  /** One line, lower case, no full stop: `unknown op or block`. */
  readonly title: string;
  /** A short paragraph: what it means, the usual cause, and how to fix it. */
  readonly explanation: string;
  /** In the order the grammar reference's table lists them; the first is the commonest case. */
  readonly examples: readonly CatalogueExample[];
}

/**
 * Every diagnostic code of incep, the one source of its severity, title, explanation and examples:
 * `error`/`warning`/`note` take their codes from here, `incep explain` prints it, and the table in
 * grammar/README.md is generated from it (`npm run gen`). Codes are stable: a code is never reused
 * for another meaning (E0305 and E0306 are retired).
 *
 * The entries live in `catalogue/`, one file per phase. The spread order is the catalogue's order,
 * which the grammar/README.md table and `incep explain --list` follow: errors by code, then
 * warnings and notes.
 */
export const CATALOGUE = {
  ...SYNTAX_ENTRIES,
  ...NAME_ENTRIES,
  ...VALUE_ENTRIES,
  ...SHAPE_ENTRIES,
  ...IMPORT_ENTRIES,
  ...RUN_FILE_ENTRIES,
  ...ADVICE_ENTRIES,
} as const satisfies Record<string, CatalogueEntry>;

/** A diagnostic code of the catalogue: the union of its literal keys. */
export type DiagnosticCode = keyof typeof CATALOGUE;

/** The catalogue's codes of one severity (`note` takes only these). */
export type CodeOfSeverity<S extends Severity> = {
  [C in DiagnosticCode]: (typeof CATALOGUE)[C]['severity'] extends S ? C : never;
}[DiagnosticCode];
