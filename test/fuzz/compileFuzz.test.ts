import { expect } from 'chai';
import { compile } from '../../src/compile.js';
import { seeded } from '../runtime/wasmKernels/support.js';
import { mutate, readLib, ZOO } from './mutateSpec.js';

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
          readFile: readLib,
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
