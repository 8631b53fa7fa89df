import { expect } from 'chai';
import { groupThousands } from '../../src/summary/groupThousands.js';

describe('summary/groupThousands', () => {
  const cases: Array<[number, string]> = [
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1,000'],
    [23_851_784, '23,851,784'],
    [5_713_216_096, '5,713,216,096'],
    [-1234, '-1,234'],
    [Number.MAX_SAFE_INTEGER, '9,007,199,254,740,991'],
    // Past 2^53 the digits would be made up.
    [Number.MAX_SAFE_INTEGER + 2, '≈9.007e+15'],
    [6.3e17, '≈6.300e+17'],
  ];
  for (const [n, text] of cases) it(`${n} → ${text}`, () => expect(groupThousands(n)).to.equal(text));
});
