import { expect } from 'chai';
import { CATALOGUE } from '../../src/diagnostics/catalogue.js';

/** Codes of the old TypeScript emitter, retired with the module IR: nothing reports or explains them. */
const RETIRED = ['E0701', 'E0702', 'E0703', 'E0704'];
import { runCli } from './runCli.js';

describe('cli/explainCommand', () => {
  const cases: Array<{ name: string; args: string[]; code: number; stdout?: RegExp[]; stderr?: RegExp[] }> = [
    {
      name: 'a known code: title, explanation, examples',
      args: ['E0301'],
      code: 0,
      stdout: [
        /^E0301 \(error\): unknown op or block\n\n/,
        /\n\nExamples:\n {2}unknown op or block:\n {4}model M \{ input 8x8x3; stem \{ cnov 8 3x3 \} \}\n {2}unknown op in `defaults`:\n {4}model M/,
      ],
    },
    { name: 'a lower-case code', args: ['e0301'], code: 0, stdout: [/^E0301 \(error\): unknown op or block\n/] },
    {
      name: 'a warning',
      args: ['W0501'],
      code: 0,
      stdout: [/^W0501 \(warning\): residual scale/, /\nExample:\n {2}residual scale/],
    },
    {
      name: 'a code without a short example',
      args: ['E0100'],
      code: 0,
      stdout: [
        /\n {2}the file is larger than 4 MiB:\n {4}\(no minimal example\)\n {2}the file holds more than 500,000 tokens:\n {4}\(no minimal example\)\n$/,
      ],
    },
    {
      name: 'an unknown code: a suggestion and the list',
      args: ['E0399'],
      code: 2,
      stderr: [
        /^incep: error: unknown diagnostic code 'E0399'\n/,
        /hint: did you mean 'E0309'\? \(or run 'incep explain --list' for every code\)/,
        /run 'incep explain --help' for usage/,
      ],
    },
    {
      name: 'an unknown code with nothing close',
      args: ['banana'],
      code: 2,
      stderr: [/unknown diagnostic code 'banana'/, /hint: run 'incep explain --list' for every code\n/],
    },
    { name: 'a retired emitter code', args: ['E0701'], code: 2, stderr: [/unknown diagnostic code 'E0701'/] },
    { name: 'no code', args: [], code: 2, stderr: [/missing CODE argument/, /incep explain --list/] },
    { name: '--list with a code', args: ['--list', 'E0301'], code: 2, stderr: [/--list takes no CODE, found 'E0301'/] },
    {
      name: '--list: one line per code',
      args: ['--list'],
      code: 0,
      stdout: [
        /^E0100 {2}error {4}file too large\n/,
        /\nE0301 {2}error {4}unknown op or block\n/,
        /\nW0501 {2}warning {2}residual scale/,
        /\nN0501 {2}note {5}MACs saved by a factorization\n$/,
      ],
    },
  ];
  for (const c of cases) {
    it(`${c.name} (exit ${c.code})`, async () => {
      const run = await runCli(['explain', ...c.args]);
      expect(run.code, run.stderr).to.equal(c.code);
      for (const re of c.stdout ?? []) expect(run.stdout).to.match(re);
      for (const re of c.stderr ?? []) expect(run.stderr).to.match(re);
      if (c.code === 0) expect(run.stderr).to.equal('');
      else expect(run.stdout).to.equal('');
    });
  }

  it('wraps the explanation at 100 columns', async () => {
    for (const code of Object.keys(CATALOGUE)) {
      const { stdout } = await runCli(['explain', code]);
      const explanation = stdout.split('\n\n')[1]!;
      for (const line of explanation.split('\n')) expect(line.length, `${code}: ${line}`).to.be.at.most(100);
      expect(explanation.replaceAll('\n', ' ')).to.equal(CATALOGUE[code as keyof typeof CATALOGUE].explanation);
    }
  });

  it('--list lists every catalogued code, and no legacy one', async () => {
    const { stdout } = await runCli(['explain', '--list']);
    expect(
      stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.slice(0, 5)),
    ).to.deep.equal(Object.keys(CATALOGUE));
    for (const code of RETIRED) expect(stdout).not.to.include(code);
  });

  const jsonCases: Array<{ args: string[]; expected: unknown }> = [
    { args: ['E0506', '--json'], expected: { code: 'E0506', ...CATALOGUE.E0506 } },
    { args: ['n0501', '--json'], expected: { code: 'N0501', ...CATALOGUE.N0501 } },
    { args: ['--list', '--json'], expected: Object.entries(CATALOGUE).map(([code, entry]) => ({ code, ...entry })) },
  ];
  for (const c of jsonCases) {
    it(`incep explain ${c.args.join(' ')} prints the JSON`, async () => {
      const run = await runCli(['explain', ...c.args]);
      expect(run.code, run.stderr).to.equal(0);
      expect(JSON.parse(run.stdout)).to.deep.equal(c.expected);
    });
  }

  it('is in incep --help after check', async () => {
    const { stdout } = await runCli(['--help']);
    expect(stdout).to.match(/\n {2}check FILE\.\.\. +check specs[^\n]*\n {2}explain CODE +explain a diagnostic code/);
  });
});
