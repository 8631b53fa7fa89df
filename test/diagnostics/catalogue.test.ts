/**
 * The diagnostic catalogue is the one source of every code's text: grammar/README.md's table must
 * be generated from it, its examples must report their codes, and no code may be raised in the
 * sources without an entry.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE, type DiagnosticCode } from '../../src/diagnostics/catalogue.js';
import { describe as describeCode } from '../../src/diagnostics/Diagnostic.js';
import {
  DIAGNOSTICS_TABLE_MARKERS,
  diagnosticsTable,
  spliceDiagnosticsTable,
} from '../../src/diagnostics/diagnosticsTable.js';
import { compileText, describe_ } from '../fixtures/helpers.js';
import { README_IMPORTS } from '../fixtures/readmeImports.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README_PATH = join(ROOT, 'grammar/README.md');

/**
 * Codes whose examples cannot report them yet because the feature is still being built. A code
 * leaves this set when its example starts reporting it (a test below fails until then).
 */
const NOT_YET: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([]);

const CODES = Object.keys(CATALOGUE) as DiagnosticCode[];

/** The lines strictly between the two marker lines (or the whole text when they are missing). */
function region(text: string): string {
  const lines = text.split('\n');
  const begin = lines.findIndex((l) => l.startsWith('<!-- diagnostics:begin'));
  const end = lines.indexOf(DIAGNOSTICS_TABLE_MARKERS.end);
  return begin === -1 || end === -1 ? text : lines.slice(begin + 1, end).join('\n');
}

/** Every `'E0301'`-like literal in the .ts files under `dir`, with the file it is in. */
function codeLiterals(dir: string): Array<{ code: string; file: string }> {
  const out: Array<{ code: string; file: string }> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...codeLiterals(path));
    else if (name.endsWith('.ts')) {
      for (const m of readFileSync(path, 'utf8').matchAll(/['"`]([EWN]0\d{3})['"`]/g))
        out.push({ code: m[1]!, file: relative(ROOT, path) });
    }
  }
  return out;
}

describe('diagnostics/catalogue', () => {
  it('grammar/README.md holds the table generated from it (run `npm run gen` when this fails)', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    const spliced = spliceDiagnosticsTable(readme, diagnosticsTable());
    if (!spliced.ok) throw new Error(`grammar/README.md: ${spliced.message}`);
    expect(readme).to.include(DIAGNOSTICS_TABLE_MARKERS.begin);
    expect(region(readme)).to.equal(region(spliced.text));
  });

  describe('every example with a source reports its code', () => {
    for (const code of CODES) {
      const entry = CATALOGUE[code];
      for (const ex of entry.examples) {
        if (ex.source === null) continue;
        const source = ex.source;
        if (NOT_YET.has(code)) {
          it(`${code} (${ex.what}) does not report it yet; remove ${code} from NOT_YET once it does`, () => {
            const r = compileText(source, { files: README_IMPORTS });
            expect(
              r.diagnostics.map((d) => d.code),
              describe_(r.diagnostics),
            ).not.to.include(code);
          });
          continue;
        }
        it(`${code} (${ex.what})`, () => {
          const r = compileText(source, { files: README_IMPORTS });
          const found = r.diagnostics.find((d) => d.code === code);
          expect(found, describe_(r.diagnostics)).not.to.equal(undefined);
          expect(found!.severity).to.equal(entry.severity);
        });
      }
    }
  });

  it('knows every code written in src/ and grammar/ (or lists it as legacy)', () => {
    const known = new Set<string>(CODES);
    const literals = [...codeLiterals(join(ROOT, 'src')), ...codeLiterals(join(ROOT, 'grammar'))];
    expect(literals.length).to.be.greaterThan(50);
    expect(literals.filter((l) => !known.has(l.code)).map((l) => `${l.code} in ${l.file}`)).to.deep.equal([]);
  });

  it('has no entry that the sources never raise, except those not built yet', () => {
    const raised = new Set(codeLiterals(join(ROOT, 'src')).map((l) => l.code));
    expect(CODES.filter((c) => !raised.has(c) && !NOT_YET.has(c))).to.deep.equal([]);
  });

  it('keeps the legacy codes out of the catalogue', () => {
    for (const code of ['E0701', 'E0702', 'E0703', 'E0704'])
      expect(Object.hasOwn(CATALOGUE, code), code).to.equal(false);
  });

  describe('entries', () => {
    const LETTER = { error: 'E', warning: 'W', note: 'N' } as const;
    for (const code of CODES) {
      it(`${code} is well formed`, () => {
        const entry = CATALOGUE[code];
        expect(code).to.match(/^[EWN]0\d{3}$/);
        expect(code[0], 'the letter of the code matches the severity').to.equal(LETTER[entry.severity]);
        expect(entry.title, 'title: one line, no full stop').to.match(/^[^\n]{3,60}[^.\n]$/);
        expect(entry.explanation.length, 'explanation: a short paragraph').to.be.within(60, 600);
        expect(entry.explanation).not.to.include('\n');
        expect(entry.examples.length).to.be.at.least(1);
      });
    }
  });

  describe('describe()', () => {
    const cases: Array<{ code: string; title: string | undefined }> = [
      { code: 'E0301', title: 'unknown op or block' },
      { code: 'e0301', title: 'unknown op or block' },
      { code: 'N0501', title: CATALOGUE.N0501.title },
      { code: 'E0701', title: undefined },
      { code: 'E9999', title: undefined },
      { code: 'constructor', title: undefined },
      { code: '', title: undefined },
    ];
    for (const c of cases) {
      it(`'${c.code}' → ${c.title === undefined ? 'undefined' : `'${c.title}'`}`, () => {
        expect(describeCode(c.code)?.title).to.equal(c.title);
      });
    }
  });
});
