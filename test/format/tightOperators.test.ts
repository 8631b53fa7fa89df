import { expect } from 'chai';
import { tightOperators } from '../../src/format/tightOperators.js';
import { parseOk } from '../fixtures/helpers.js';

/** The `/` and `-` characters of `text` that `tightOperators` marks, as `^` under the text. */
function marks(text: string): string {
  const tight = tightOperators(parseOk(text));
  return text
    .replace(/[^]/g, (ch: string, i: number) => ((ch === '/' || ch === '-') && tight.has(i) ? '^' : ' '))
    .trimEnd();
}

describe('format/tightOperators', () => {
  const cases: Array<{ name: string; text: string; marks: string }> = [
    {
      name: 'strides among free arguments, blank or not',
      text: 'block B { conv 8 3x3 /2; conv 8 3x3 / 2 }',
      marks: '                     ^              ^',
    },
    {
      name: 'in a free key=value, `/2` after a blank is a stride; other slashes divide',
      text: 'block B(c) { conv k=c /2; conv k=c/2; conv k=c / 2 }',
      marks: '                      ^',
    },
    {
      name: 'signs of numbers and of expressions; subtraction is no sign',
      text: 'block B(a=-1, b=-a, c=a - 1, d=2 - -1) { conv 8 -1 }',
      marks: '          ^     ^                  ^            ^',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(marks(c.text)).to.equal(c.marks);
    });
  }
});
