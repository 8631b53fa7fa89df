import { CATALOGUE, type CatalogueEntry, type DiagnosticCode } from '../diagnostics/catalogue.js';
import { describe } from '../diagnostics/Diagnostic.js';
import { didYouMean } from '../diagnostics/didYouMean.js';
import type { Command } from './Command.js';
import { EXIT } from './exitCodes.js';
import { usageError } from './usageError.js';

/** Where the explanation is wrapped: wide enough for a paragraph, narrow enough for a terminal. */
const WIDTH = 100;

/** `incep explain CODE`: what a diagnostic means, its usual cause and fix, with examples. */
export const explainCommand: Command = {
  name: 'explain',
  summary: 'explain a diagnostic code (E0301), or list them all',
  synopsis: 'CODE [options] | --list [--json]',
  positionals: { name: 'CODE', min: 0, max: 1 },
  compilesSpecs: false,
  options: {
    list: { type: 'boolean', description: 'list every code with its severity and title' },
    json: {
      type: 'boolean',
      description: 'print JSON: { code, severity, title, explanation, examples } (an array with --list)',
    },
  },
  details:
    'CODE is matched without regard to case (e0301 is E0301). The text comes from\n' +
    'src/diagnostics/catalogue.ts, as does the diagnostics table of grammar/README.md.',
  async run(context) {
    const { stdout, stderr } = context.io;
    const json = context.values['json'] === true;
    const given = context.positionals[0];
    if (context.values['list'] === true) {
      if (given !== undefined) {
        const hint = `run 'incep explain ${given}' for one code`;
        return usageError(stderr, 'explain', `--list takes no CODE, found '${given}'`, hint);
      }
      const codes = Object.keys(CATALOGUE) as DiagnosticCode[];
      stdout.write((json ? toJson(codes.map((c) => withCode(c, CATALOGUE[c]))) : formatList(codes)) + '\n');
      return EXIT.ok;
    }
    const listHint = "run 'incep explain --list' for every code";
    if (given === undefined)
      return usageError(stderr, 'explain', 'missing CODE argument', `usage: incep explain CODE; or ${listHint}`);
    const code = given.trim().toUpperCase();
    const entry = describe(code);
    if (!entry) {
      const suggestion = didYouMean(code, Object.keys(CATALOGUE));
      const hint = suggestion ? `${suggestion} (or ${listHint})` : listHint;
      return usageError(stderr, 'explain', `unknown diagnostic code '${given}'`, hint);
    }
    stdout.write((json ? toJson(withCode(code, entry)) : formatEntry(code, entry)) + '\n');
    return EXIT.ok;
  },
};

function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** The entry with its code first, so a reader of the JSON needs no other context. */
function withCode(code: string, entry: CatalogueEntry): { code: string } & CatalogueEntry {
  return { code, ...entry };
}

function formatEntry(code: string, entry: CatalogueEntry): string {
  const lines = [`${code} (${entry.severity}): ${entry.title}`, '', ...wrap(entry.explanation, WIDTH), ''];
  lines.push(entry.examples.length === 1 ? 'Example:' : 'Examples:');
  for (const ex of entry.examples) lines.push(`  ${ex.what}:`, `    ${ex.source ?? '(no minimal example)'}`);
  return lines.join('\n');
}

function formatList(codes: readonly DiagnosticCode[]): string {
  const width = Math.max(...codes.map((c) => CATALOGUE[c].severity.length));
  return codes.map((c) => `${c}  ${CATALOGUE[c].severity.padEnd(width)}  ${CATALOGUE[c].title}`).join('\n');
}

/** Greedy word wrap; a word longer than the width gets a line of its own rather than a break. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
