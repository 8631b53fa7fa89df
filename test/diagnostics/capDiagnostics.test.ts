import { expect } from 'chai';

import { capDiagnostics, MAX_DIAGNOSTICS_PER_FILE } from '../../src/diagnostics/capDiagnostics.js';
import { error, type Diagnostic } from '../../src/diagnostics/Diagnostic.js';

function errors(file: string, n: number): Diagnostic[] {
  return Array.from({ length: n }, (_, i) =>
    error('E0301', `unknown op ${i}`, {
      file,
      start: { offset: i, line: i + 1, column: 1 },
      end: { offset: i, line: i + 1, column: 2 },
    }),
  );
}

describe('diagnostics/capDiagnostics', () => {
  const cases: Array<{ name: string; input: Diagnostic[]; kept: number; notes: string[] }> = [
    {
      name: 'keeps a file at the limit whole',
      input: errors('a.incep', MAX_DIAGNOSTICS_PER_FILE),
      kept: 100,
      notes: [],
    },
    {
      name: 'keeps the first 100 of a file and counts the rest in one note',
      input: errors('a.incep', 250_000),
      kept: 100,
      notes: ["249,900 more diagnostics in 'a.incep' not shown"],
    },
    {
      name: 'caps each file on its own',
      input: [...errors('a.incep', 101), ...errors('b.incep', 3), ...errors('c.incep', 102)],
      kept: 203,
      notes: ["1 more diagnostic in 'a.incep' not shown", "2 more diagnostics in 'c.incep' not shown"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = capDiagnostics(c.input);
      expect(out.filter((d) => d.code !== 'N0101')).to.have.length(c.kept);
      expect(out.filter((d) => d.code === 'N0101').map((d) => d.message)).to.deep.equal(c.notes);
      expect(out.slice(0, 3)).to.deep.equal(c.input.slice(0, 3));
    });
  }
});
