import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';

import { incepLexer } from '../../grammar/tokens.js';
import { compile } from '../../src/compile.js';
import { seeded } from '../runtime/wasmKernels/support.js';

const ZOO = readdirSync('specs')
  .filter((f) => f.endsWith('.incep'))
  .map((f) => ({ name: f, text: readFileSync(`specs/${f}`, 'utf8') }));
const LIB = Object.fromEntries(
  readdirSync('specs/lib').map((f) => [`specs/lib/${f}`, readFileSync(`specs/lib/${f}`, 'utf8')]),
);

/** Replacements a mutation may put where a token was: edge values and the language's punctuation. */
const ODD = [
  '0',
  '-1',
  '1e309',
  '99999999',
  '0.0',
  '3x0',
  '/0',
  '{',
  '}',
  '(',
  ')',
  ';',
  ',',
  'x',
  'in',
  'classes',
  '"x.incep"',
  '#',
];

/**
 * One grammar-aware mutation of `text`: a token deleted, doubled, swapped with its neighbour,
 * replaced by another token of the file, or by an edge value or punctuation.
 */
function mutate(text: string, rand: () => number): string {
  const tokens = incepLexer.tokenize(text).tokens;
  const pick = () => tokens[Math.floor(rand() * tokens.length)]!;
  const t = pick();
  const start = t.startOffset;
  const end = t.endOffset! + 1;
  const splice = (replacement: string) => text.slice(0, start) + replacement + text.slice(end);
  switch (Math.floor(rand() * 5)) {
    case 0:
      return splice('');
    case 1:
      return splice(`${t.image} ${t.image}`);
    case 2: {
      const next = tokens[tokens.indexOf(t) + 1];
      return next
        ? text.slice(0, start) +
            next.image +
            text.slice(end, next.startOffset) +
            t.image +
            text.slice(next.endOffset! + 1)
        : text;
    }
    case 3:
      return splice(pick().image);
    default:
      return splice(ODD[Math.floor(rand() * ODD.length)]!);
  }
}

describe('fuzz: mutated zoo specs never crash the compiler', function () {
  this.timeout(300_000);
  const CASES = 300;
  const rand = seeded(20261203);

  it(`compiles ${CASES} seeded mutations: no exception, every diagnostic inside its file`, () => {
    const codes = new Set<string>();
    let compiled = 0;
    for (let i = 0; i < CASES; i++) {
      const base = ZOO[i % ZOO.length]!;
      let text = base.text;
      const rounds = 1 + Math.floor(rand() * 3);
      for (let r = 0; r < rounds; r++) text = mutate(text, rand);
      const what = `case ${i} (${base.name}, ${rounds} mutations)`;
      let result;
      try {
        result = compile(text, {
          filename: `specs/${base.name}`,
          readFile: (p) => LIB[p.replace(/^.*?specs\//, 'specs/')],
        });
      } catch (e) {
        throw new Error(`${what} threw: ${(e as Error).stack}\n--- spec ---\n${text}`);
      }
      expect(result.ok || result.diagnostics.some((d) => d.severity === 'error'), what).to.equal(true);
      if (result.ok) compiled++;
      for (const d of result.diagnostics) codes.add(d.code);
      for (const d of result.diagnostics) {
        if (!d.span) continue;
        const source = result.sources.get(d.span.file);
        expect(source, `${what}: ${d.code} names a file it did not read: ${d.span.file}`).to.be.a('string');
        expect(d.span.start.offset, `${what}: ${d.code} starts past the end`).to.be.within(0, source!.length);
        expect(d.span.end.offset, `${what}: ${d.code} ends past the end`).to.be.within(
          d.span.start.offset,
          source!.length,
        );
      }
    }
    // Not vacuous: the mutations reach every phase, and some specs still compile.
    expect(compiled).to.be.within(10, CASES - 10);
    for (const phase of ['E01', 'E02', 'E03', 'E04', 'E05']) {
      expect(
        [...codes].some((c) => c.startsWith(phase)),
        `no ${phase}xx diagnostic: ${[...codes].join(' ')}`,
      ).to.equal(true);
    }
  });
});
