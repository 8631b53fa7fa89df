import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';
import { capture, runCli, V3 } from './runCli.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('cli/main', () => {
  describe('help and version', () => {
    const cases: Array<{ argv: string[]; code: number; stdout?: RegExp[]; stderr?: RegExp[] }> = [
      {
        argv: ['--help'],
        code: 0,
        stdout: [
          /^incep \d+\.\d+\.\d+/,
          /Usage: incep <command>/,
          /check FILE\.\.\./,
          /explain CODE/,
          /summary FILE/,
          /compile FILE/,
          /--classes N/,
          /--input HxWxC/,
          /--version/,
          /Exit status/,
        ],
      },
      { argv: ['-h'], code: 0, stdout: [/Commands:/] },
      { argv: ['help'], code: 0, stdout: [/Commands:/] },
      { argv: ['help', 'summary'], code: 0, stdout: [/^Usage: incep summary FILE/, /--json/, /--aux/] },
      { argv: ['--version'], code: 0, stdout: [new RegExp(`^incep ${VERSION.replaceAll('.', '\\.')}\\n$`)] },
      { argv: ['-V'], code: 0, stdout: [new RegExp(VERSION.replaceAll('.', '\\.'))] },
      {
        argv: ['check', '--help'],
        code: 0,
        stdout: [/^Usage: incep check FILE\.\.\./, /--classes N/, /--input HxWxC/, /-h, --help/],
      },
      { argv: ['summary', '-h'], code: 0, stdout: [/^Usage: incep summary/] },
      {
        argv: ['compile', '--help'],
        code: 0,
        stdout: [
          /^Usage: incep compile FILE\.\.\. --emit FORMAT --out DIR/,
          /--emit FORMAT/,
          /-o, --out DIR/,
          /--backend NAME/,
          /tfjs/,
          /\bir\b/,
        ],
      },
      // --help wins even over a mistake elsewhere on the line.
      { argv: ['compile', '--bogus', '--help'], code: 0, stdout: [/^Usage: incep compile/] },
      { argv: [], code: 2, stderr: [/Usage: incep <command>/] },
    ];
    for (const c of cases) {
      it(`incep ${c.argv.join(' ')} → ${c.code}`, async () => {
        const run = await runCli(c.argv);
        expect(run.code, run.stderr).to.equal(c.code);
        for (const re of c.stdout ?? []) expect(run.stdout).to.match(re);
        for (const re of c.stderr ?? []) expect(run.stderr).to.match(re);
      });
    }
  });

  describe('usage errors exit 2 with a hint', () => {
    const cases: Array<{ argv: string[]; stderr: RegExp[] }> = [
      {
        argv: ['chek', V3],
        stderr: [/^incep: error: unknown command 'chek'/, /hint: did you mean 'check'\?/, /run 'incep --help'/],
      },
      {
        argv: ['frobnicate'],
        stderr: [
          /unknown command 'frobnicate'/,
          /hint: commands are check, explain, summary, graph, fmt, lsp, compile, train, eval, predict, bench, help/,
        ],
      },
      { argv: ['help', 'sumary'], stderr: [/unknown command 'sumary'/, /did you mean 'summary'/] },
      { argv: ['--verison'], stderr: [/unknown option '--verison'/, /did you mean '--version'/] },
      {
        argv: ['summary', V3, '--jsno'],
        stderr: [/unknown option '--jsno'/, /did you mean '--json'/, /run 'incep summary --help'/],
      },
      { argv: ['summary', V3, '--json=yes'], stderr: [/option '--json' takes no value/] },
      { argv: ['summary'], stderr: [/missing FILE argument/, /usage: incep summary FILE/] },
      { argv: ['summary', V3, V3], stderr: [/takes one FILE; unexpected/] },
      { argv: ['check'], stderr: [/missing FILE argument/] },
      { argv: ['check', V3, '--classes'], stderr: [/option '--classes' needs a value/, /--classes N/] },
      {
        argv: ['check', V3, '--classes', 'ten'],
        stderr: [/--classes expects a whole number from 1 to/, /found 'ten'/],
      },
      { argv: ['check', V3, '--classes', '0'], stderr: [/--classes expects a whole number/] },
      {
        argv: ['check', V3, '--input', '224x224'],
        stderr: [/--input expects HEIGHTxWIDTHxCHANNELS, found '224x224'/, /hint: for example --input 224x224x3/],
      },
      { argv: ['summary', V3, '--input', '0x0x3'], stderr: [/--input height and width must be from 1 to/] },
      { argv: ['summary', V3, '--input', '299x299x0'], stderr: [/--input channels must be from 1 to/] },
      { argv: ['compile', V3, '--input', 'big', '--emit', 'ir', '--out', 'x'], stderr: [/--input expects/] },
    ];
    for (const c of cases) {
      it(`incep ${c.argv.join(' ')}`, async () => {
        const run = await runCli(c.argv);
        expect(run.code, run.stderr).to.equal(2);
        expect(run.stdout).to.equal('');
        for (const re of c.stderr) expect(run.stderr).to.match(re);
        expect(run.stderr).not.to.match(/\n\s+at /);
      });
    }
  });

  describe('internal errors', () => {
    const failing = () => ({
      write: () => {
        throw new Error('disk on fire');
      },
    });

    it('are one line and exit 70, without a stack trace', async () => {
      const stderr = capture();
      const code = await main(['check', V3], { stdout: failing(), stderr, env: {} });
      expect(code).to.equal(70);
      expect(stderr.text()).to.equal(
        'incep: internal error: disk on fire\nplease report this with the spec that caused it\n',
      );
    });

    it('still exit 70 when stderr is broken too', async () => {
      expect(await main(['check', V3], { stdout: failing(), stderr: failing(), env: {} })).to.equal(70);
    });

    it('show the stack with INCEP_DEBUG=1', async () => {
      const stderr = capture();
      const code = await main(['check', V3], { stdout: failing(), stderr, env: { INCEP_DEBUG: '1' } });
      expect(code).to.equal(70);
      expect(stderr.text())
        .to.match(/internal error: disk on fire/)
        .and.to.match(/\n\s+at /);
    });
  });
});
