import { CATALOGUE, type CatalogueEntry } from './catalogue.js';

/** The comment lines around the generated table in grammar/README.md. */
export const DIAGNOSTICS_TABLE_MARKERS = {
  begin: '<!-- diagnostics:begin (generated from src/diagnostics/catalogue.ts by npm run gen; do not edit) -->',
  end: '<!-- diagnostics:end -->',
} as const;

/**
 * The diagnostics table of grammar/README.md (code | meaning | minimal example), one row per
 * example of every catalogue entry, in catalogue order. Pure, so a test can compare it with the
 * file and `npm run gen` can write it.
 */
export function diagnosticsTable(catalogue: Readonly<Record<string, CatalogueEntry>> = CATALOGUE): string {
  const rows = ['| code | meaning | minimal example |', '|---|---|---|'];
  for (const [code, entry] of Object.entries(catalogue)) {
    for (const ex of entry.examples)
      rows.push(`| ${code} | ${cell(ex.what)} | ${ex.source === null ? '—' : codeSpan(ex.source)} |`);
  }
  return rows.join('\n');
}

/**
 * `markdown` with the text between the markers replaced by `table` (and the begin marker brought
 * up to date), or why that cannot be done. Both markers must appear once, on lines of their own.
 */
export function spliceDiagnosticsTable(
  markdown: string,
  table: string,
): { ok: true; text: string } | { ok: false; message: string } {
  const lines = markdown.split('\n');
  const begins = indexesOf(lines, (l) => l.startsWith('<!-- diagnostics:begin'));
  const ends = indexesOf(lines, (l) => l === DIAGNOSTICS_TABLE_MARKERS.end);
  if (begins.length !== 1 || ends.length !== 1) {
    return {
      ok: false,
      message: `expected one '<!-- diagnostics:begin …' and one '${DIAGNOSTICS_TABLE_MARKERS.end}' line, found ${begins.length} and ${ends.length}`,
    };
  }
  const [begin, end] = [begins[0]!, ends[0]!];
  if (end < begin) return { ok: false, message: 'the diagnostics:end marker comes before diagnostics:begin' };
  // Blank lines around the table: an HTML comment line followed directly by a table is not
  // rendered as a table by every Markdown reader.
  const region = [DIAGNOSTICS_TABLE_MARKERS.begin, '', table, '', DIAGNOSTICS_TABLE_MARKERS.end];
  return { ok: true, text: [...lines.slice(0, begin), ...region, ...lines.slice(end + 1)].join('\n') };
}

function indexesOf(lines: readonly string[], test: (line: string) => boolean): number[] {
  return lines.flatMap((l, i) => (test(l) ? [i] : []));
}

/** A `|` would end the cell early; GitHub's tables take `\|` for it, even inside code spans. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** A code span that survives backticks in the source: the fence is longer than any run inside. */
function codeSpan(source: string): string {
  const longest = Math.max(0, ...(source.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${cell(source)}${pad}${fence}`;
}
