/**
 * Keeps grammar/README.md honest: every ```incep example compiles as the reference says. Its
 * diagnostics table is generated from the catalogue; test/diagnostics/catalogue.test.ts checks
 * that table, its examples, and that every code in the sources is catalogued.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileText, describe_ } from '../fixtures/helpers.js';
import { README_IMPORTS } from '../fixtures/readmeImports.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(join(ROOT, 'grammar/README.md'), 'utf8');

interface Example {
  line: number;
  source: string;
  /** The code the example must report, or undefined when it must compile without errors. */
  expect?: string;
}

function fencedExamples(text: string): Example[] {
  const out: Example[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```incep(?:\s+([EWN]\d{4}))?\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== '```') end++;
    const example: Example = { line: start, source: lines.slice(start, end).join('\n') };
    if (open[1]) example.expect = open[1];
    out.push(example);
    i = end;
  }
  return out;
}

describe('grammar/README.md', () => {
  const examples = fencedExamples(README);

  it('has examples to check', () => {
    expect(examples.length).to.be.at.least(10);
  });

  for (const ex of examples) {
    it(`the example at line ${ex.line} ${ex.expect ? `reports ${ex.expect}` : 'compiles'}`, () => {
      const r = compileText(ex.source, { filename: 'readme.incep', files: README_IMPORTS });
      if (ex.expect) {
        expect(
          r.diagnostics.map((d) => d.code),
          describe_(r.diagnostics),
        ).to.include(ex.expect);
      } else {
        expect(
          r.diagnostics.filter((d) => d.severity === 'error'),
          describe_(r.diagnostics),
        ).to.deep.equal([]);
      }
    });
  }

  it('shows the smallest-input hint it quotes', () => {
    const r = compileText('model M { input 8x8x3; stem { conv 8 3x3 /2; conv 8 3x3; conv 8 3x3 } }');
    const d = r.diagnostics[0]!;
    expect(README).to.include(d.message);
    expect(README).to.include(d.hint!);
  });
});
