import { expect } from 'chai';

import { clipFrameLines, MAX_FRAME_LINE } from '../../src/diagnostics/clipFrameLines.js';

const LONG = 'a'.repeat(500) + 'SPAN' + 'b'.repeat(500);

/** The position of `line`:`column` in `text`, with its offset. */
function at(text: string, line: number, column: number): { line: number; column: number; offset: number } {
  const lines = text.split('\n');
  const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  return { line, column, offset };
}

describe('diagnostics/clipFrameLines', () => {
  const cases: Array<{
    name: string;
    text: string;
    start: [number, number];
    end: [number, number];
    lines: string[];
    startLine: number;
    columns: [number, number];
  }> = [
    {
      name: 'only the lines around the span, short ones whole',
      text: 'l1\nl2 here\nl3\nl4\nl5',
      start: [3, 1],
      end: [3, 3],
      lines: ['l2 here', 'l3', 'l4'],
      startLine: 2,
      columns: [1, 3],
    },
    {
      name: 'a span on the first line has no line above',
      text: 'first\nsecond\nthird',
      start: [1, 2],
      end: [1, 4],
      lines: ['first', 'second'],
      startLine: 1,
      columns: [2, 4],
    },
    {
      name: 'a long line is cut around the span, with … on both sides',
      text: `x\n${LONG}\ny`,
      start: [2, 501],
      end: [2, 505],
      lines: ['x', `…${'a'.repeat(60)}SPAN${'b'.repeat(60)}…`, 'y'],
      startLine: 1,
      columns: [62, 66],
    },
    {
      name: 'a span at the start of a long line keeps the start',
      text: LONG,
      start: [1, 1],
      end: [1, 4],
      lines: [`${'a'.repeat(63)}…`],
      startLine: 1,
      columns: [1, 4],
    },
    {
      name: 'long context lines are cut after their start',
      text: `${'c'.repeat(400)}\nshort SPAN\n${'d'.repeat(400)}`,
      start: [2, 7],
      end: [2, 11],
      lines: [`${'c'.repeat(61)}…`, 'short SPAN', `${'d'.repeat(61)}…`],
      startLine: 1,
      columns: [7, 11],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = clipFrameLines(c.text, at(c.text, ...c.start), at(c.text, ...c.end));
      expect(r.text.split('\n')).to.deep.equal(c.lines);
      expect(r.startLine).to.equal(c.startLine);
      expect([r.start.column, r.end.column]).to.deep.equal(c.columns);
      expect([r.start.line, r.end.line]).to.deep.equal([c.start[0], c.end[0]]);
      for (const l of r.text.split('\n')) expect(l.length).to.be.at.most(MAX_FRAME_LINE + 2);
    });
  }
});
