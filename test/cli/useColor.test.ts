import { expect } from 'chai';
import { useColor } from '../../src/cli/useColor.js';

describe('cli/useColor', () => {
  const cases: Array<{ isTTY: boolean | undefined; env: Record<string, string | undefined>; color: boolean }> = [
    { isTTY: true, env: {}, color: true },
    { isTTY: false, env: {}, color: false },
    { isTTY: undefined, env: {}, color: false },
    { isTTY: true, env: { NO_COLOR: '1' }, color: false },
    { isTTY: true, env: { NO_COLOR: 'yes' }, color: false },
    // no-color.org: an empty NO_COLOR does not count.
    { isTTY: true, env: { NO_COLOR: '' }, color: true },
  ];
  for (const c of cases) {
    it(`isTTY=${String(c.isTTY)} NO_COLOR=${JSON.stringify(c.env.NO_COLOR)} → ${c.color}`, () => {
      const stream = c.isTTY === undefined ? { write: () => true } : { write: () => true, isTTY: c.isTTY };
      expect(useColor(stream, c.env)).to.equal(c.color);
    });
  }
});
