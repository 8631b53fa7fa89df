import { expect } from 'chai';

import { clipFrameLines, MAX_FRAME_LINE } from '../../src/diagnostics/clipFrameLines.js';

const LONG = 'a'.repeat(500) + 'SPAN' + 'b'.repeat(500);

describe('diagnostics/clipFrameLines', () => {
  const cases: Array<{
    name: string;
    text: string;
    start: [number, number];
    end: [number, number];
    lines: string[];
    columns: [number, number];
  }> = [
    {
      name: 'short lines stay whole; lines the frame does not show are emptied',
      text: 'l1\nl2 here\nl3\nl4\nl5',
      start: [3, 1],
      end: [3, 3],
      lines: ['', 'l2 here', 'l3', 'l4', ''],
      columns: [1, 3],
    },
    {
      name: 'a long line is cut around the span, with … on both sides',
      text: `x\n${LONG}\ny`,
      start: [2, 501],
      end: [2, 505],
      lines: ['x', `…${'a'.repeat(60)}SPAN${'b'.repeat(60)}…`, 'y'],
      columns: [62, 66],
    },
    {
      name: 'a span at the start of a long line keeps the start',
      text: LONG,
      start: [1, 1],
      end: [1, 4],
      lines: [`${'a'.repeat(63)}…`],
      columns: [1, 4],
    },
    {
      name: 'long context lines are cut after their start',
      text: `${'c'.repeat(400)}\nshort SPAN\n${'d'.repeat(400)}`,
      start: [2, 7],
      end: [2, 11],
      lines: [`${'c'.repeat(61)}…`, 'short SPAN', `${'d'.repeat(61)}…`],
      columns: [7, 11],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = clipFrameLines(c.text, { line: c.start[0], column: c.start[1] }, { line: c.end[0], column: c.end[1] });
      expect(r.text.split('\n')).to.deep.equal(c.lines);
      expect([r.start.column, r.end.column]).to.deep.equal(c.columns);
      for (const l of r.text.split('\n')) expect(l.length).to.be.at.most(MAX_FRAME_LINE + 2);
    });
  }
});
