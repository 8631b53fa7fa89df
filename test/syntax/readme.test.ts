/**
 * Keeps grammar/README.md honest: every ```incep example compiles as the reference says, and
 * every row of its diagnostics table reports its code. A new diagnostic code in src/ must get a row.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileText, describe_ } from '../fixtures/helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(join(ROOT, 'grammar/README.md'), 'utf8');

/** The files the import rows of the table assume, next to `x.incep`. */
const FILES: Record<string, string> = {
  'lib.incep': 'block L { conv 8 1x1 }\n',
  'm.incep': 'model N { input 8x8x3 }\n',
};

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

interface Row {
  line: number;
  code: string;
  meaning: string;
  example?: string;
}

function diagnosticRows(text: string): Row[] {
  const out: Row[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /^\| ([EWN]\d{4}) \| (.*?) \| (?:`(.*)`|—) \|$/.exec(line);
    if (!m) return;
    const row: Row = { line: i + 1, code: m[1]!, meaning: m[2]! };
    if (m[3] !== undefined) row.example = m[3];
    out.push(row);
  });
  return out;
}

/** Every diagnostic code written in the compiler's sources. */
function codesInSources(): Set<string> {
  const codes = new Set<string>();
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/'([EWN]0\d{3})'/g)) codes.add(m[1]!);
    }
  };
  for (const dir of ['src/syntax', 'src/check', 'src/lower', 'src/diagnostics', 'src/emit']) visit(join(ROOT, dir));
  for (const m of readFileSync(join(ROOT, 'src/compile.ts'), 'utf8').matchAll(/'([EWN]0\d{3})'/g)) codes.add(m[1]!);
  return codes;
}

describe('grammar/README.md', () => {
  const examples = fencedExamples(README);

  it('has examples to check', () => {
    expect(examples.length).to.be.at.least(10);
  });

  for (const ex of examples) {
    it(`the example at line ${ex.line} ${ex.expect ? `reports ${ex.expect}` : 'compiles'}`, () => {
      const r = compileText(ex.source, { filename: 'readme.incep', files: FILES });
      if (ex.expect) {
        expect(r.diagnostics.map((d) => d.code), describe_(r.diagnostics)).to.include(ex.expect);
      } else {
        expect(r.diagnostics.filter((d) => d.severity === 'error'), describe_(r.diagnostics)).to.deep.equal([]);
      }
    });
  }

  const rows = diagnosticRows(README);

  it('lists every diagnostic code of the compiler in its table', () => {
    const listed = new Set(rows.map((r) => r.code));
    const missing = [...codesInSources()].filter((c) => !listed.has(c)).sort();
    expect(missing).to.deep.equal([]);
  });

  for (const row of rows.filter((r) => r.example !== undefined)) {
    it(`${row.code} (${row.meaning}): its example reports it`, () => {
      const r = compileText(row.example!, { files: FILES });
      expect(r.diagnostics.map((d) => d.code), `line ${row.line}: ${describe_(r.diagnostics)}`).to.include(row.code);
    });
  }

  it('shows the smallest-input hint it quotes', () => {
    const r = compileText('model M { input 8x8x3; stem { conv 8 3x3 /2; conv 8 3x3; conv 8 3x3 } }');
    const d = r.diagnostics[0]!;
    expect(README).to.include(d.message);
    expect(README).to.include(d.hint!);
  });
});
