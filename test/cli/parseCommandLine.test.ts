import { expect } from 'chai';
import type { Command } from '../../src/cli/Command.js';
import { parseCommandLine } from '../../src/cli/parseCommandLine.js';

const command: Command = {
  name: 'demo',
  summary: 'a command for tests',
  synopsis: 'FILE [options]',
  positionals: { name: 'FILE', min: 1, max: 1 },
  options: {
    json: { type: 'boolean', description: '' },
    out: { type: 'string', short: 'o', value: 'DIR', description: '' },
  },
  run: () => Promise.resolve(0),
};

describe('cli/parseCommandLine', () => {
  const good: Array<{ args: string[]; values: object; positionals: string[] }> = [
    { args: ['a.incep'], values: {}, positionals: ['a.incep'] },
    { args: ['a.incep', '--json', '--out', 'd'], values: { json: true, out: 'd' }, positionals: ['a.incep'] },
    { args: ['--out=d', 'a.incep'], values: { out: 'd' }, positionals: ['a.incep'] },
    { args: ['-o', 'd', 'a.incep'], values: { out: 'd' }, positionals: ['a.incep'] },
    {
      args: ['a.incep', '--classes', '3', '--input', '1x1x1'],
      values: { classes: '3', input: '1x1x1' },
      positionals: ['a.incep'],
    },
    // After `--`, a file may start with a dash.
    { args: ['--', '-odd.incep'], values: {}, positionals: ['-odd.incep'] },
  ];
  for (const c of good) {
    it(`parses ${c.args.join(' ')}`, () => {
      const r = parseCommandLine(command, c.args);
      expect(r.ok).to.equal(true);
      if (r.ok) {
        expect({ ...r.values }).to.deep.equal(c.values);
        expect(r.positionals).to.deep.equal(c.positionals);
      }
    });
  }

  const bad: Array<{ args: string[]; message: RegExp; hint?: RegExp }> = [
    { args: ['a', '--jsn'], message: /^unknown option '--jsn'$/, hint: /did you mean '--json'\?/ },
    {
      args: ['a', '--zzzzzzzz'],
      message: /unknown option '--zzzzzzzz'/,
      hint: /options are --json, --out, --classes, --input, --width, --root, --help/,
    },
    { args: ['a', '-x'], message: /unknown option '-x'/ },
    { args: ['a', '--out'], message: /^option '--out' needs a value$/, hint: /--out DIR/ },
    { args: ['a', '--out', '--json'], message: /option '--out' needs a value/ },
    { args: ['a', '--json=1'], message: /^option '--json' takes no value$/ },
    { args: [], message: /^missing FILE argument$/, hint: /usage: incep demo FILE \[options\]/ },
    { args: ['a', 'b', 'c'], message: /'incep demo' takes one FILE; unexpected 'b', 'c'/ },
  ];
  for (const c of bad) {
    it(`rejects ${c.args.join(' ') || '(nothing)'}`, () => {
      const r = parseCommandLine(command, c.args);
      expect(r.ok).to.equal(false);
      if (!r.ok) {
        expect(r.message).to.match(c.message);
        if (c.hint) expect(r.hint).to.match(c.hint);
        expect(r.help).to.equal('demo');
      }
    });
  }
});
