import { expect } from 'chai';
import { parseOverrides } from '../../src/cli/parseOverrides.js';

describe('cli/parseOverrides', () => {
  const good: Array<{ values: Record<string, string | undefined>; overrides: object }> = [
    { values: {}, overrides: {} },
    { values: { classes: '10' }, overrides: { classes: 10 } },
    { values: { classes: '1000000' }, overrides: { classes: 1_000_000 } },
    { values: { input: '224x224x3' }, overrides: { input: [224, 224, 3] } },
    { values: { input: '75X75X1' }, overrides: { input: [75, 75, 1] } },
    { values: { input: '480x640x3', classes: '2' }, overrides: { input: [480, 640, 3], classes: 2 } },
  ];
  for (const c of good) {
    it(`accepts ${JSON.stringify(c.values)}`, () => {
      expect(parseOverrides(c.values)).to.deep.equal({ ok: true, overrides: c.overrides });
    });
  }

  const bad: Array<{ values: Record<string, string>; message: RegExp }> = [
    { values: { classes: '' }, message: /--classes expects a whole number/ },
    { values: { classes: '0' }, message: /--classes expects a whole number from 1 to 1000000, found '0'/ },
    { values: { classes: '-3' }, message: /found '-3'/ },
    { values: { classes: '2.5' }, message: /found '2\.5'/ },
    { values: { classes: '1e3' }, message: /found '1e3'/ },
    { values: { classes: '1000001' }, message: /found '1000001'/ },
    { values: { input: '224' }, message: /--input expects HEIGHTxWIDTHxCHANNELS, found '224'/ },
    { values: { input: '224x224' }, message: /found '224x224'/ },
    { values: { input: '224x224x3x1' }, message: /found '224x224x3x1'/ },
    { values: { input: '224*224*3' }, message: /found '224\*224\*3'/ },
    { values: { input: 'axbxc' }, message: /found 'axbxc'/ },
    { values: { input: '0x224x3' }, message: /height and width must be from 1 to 16384/ },
    { values: { input: '99999x224x3' }, message: /height and width must be from 1 to 16384/ },
    { values: { input: '224x224x0' }, message: /channels must be from 1 to 4096/ },
  ];
  for (const c of bad) {
    it(`rejects ${JSON.stringify(c.values)}`, () => {
      const r = parseOverrides(c.values);
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.message).to.match(c.message);
    });
  }
});
