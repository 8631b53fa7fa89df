import { expect } from 'chai';
import { runCli, tempDir, TINY, V3 } from './runCli.js';

describe('cli/checkCommand', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    tmp = await tempDir({
      'tiny.incep': TINY,
      'syntax.incep': 'model Bad {\n  input 32x32x3\n  stem { conv 8 3x3 ( }\n}\n',
      'typo.incep': 'model Typo {\n  input 32x32x3\n  stem {\n    cnov 8 3x3\n  }\n}\n',
      'lib.incep': 'block X { conv 4 1x1 }\nblock Y { conv 4 3x3 }\n',
      'one.incep': 'block X { conv 4 1x1 }\n',
      'warn.incep': TINY.replace('scale=0.2', 'scale=0.5'),
    });
  });
  after(() => tmp.cleanup());

  const cases: Array<{
    name: string;
    files: string[];
    args?: string[];
    code: number;
    stdout?: RegExp[];
    stderr?: RegExp[];
    quiet?: boolean;
  }> = [
    {
      name: 'Inception v3 passes',
      files: [V3],
      code: 0,
      stdout: [/^specs\/inception_v3\.incep: ok \(InceptionV3, 313 layers, 23,851,784 params\)\n$/],
      quiet: true,
    },
    {
      name: 'a small model passes',
      files: ['tiny.incep'],
      code: 0,
      stdout: [/tiny\.incep: ok \(Tiny, 15 layers, 1,778 params\)/],
      quiet: true,
    },
    { name: 'a library is counted in blocks', files: ['lib.incep'], code: 0, stdout: [/lib\.incep: ok \(2 blocks\)/] },
    { name: 'one block is singular', files: ['one.incep'], code: 0, stdout: [/one\.incep: ok \(1 block\)/] },
    {
      name: 'overrides apply',
      files: ['tiny.incep'],
      args: ['--classes', '3'],
      code: 0,
      stdout: [/ok \(Tiny, 15 layers, 1,659 params\)/],
    },
    {
      name: 'a syntax error is a diagnostic with a code frame',
      files: ['syntax.incep'],
      code: 1,
      stderr: [
        /syntax\.incep:3:21: error\[E0201\]: expected '\}' but found '\('/,
        /> 3 \| {3}stem \{ conv 8 3x3 \( \}/,
        /\|\s+\^/,
        /\nhint: /,
        /syntax\.incep: failed \(1 error\)\n$/,
      ],
    },
    {
      name: 'an unknown op has a suggestion',
      files: ['typo.incep'],
      code: 1,
      stderr: [/typo\.incep:4:5: error\[E0301\]/, /\^\^\^\^/, /hint: did you mean 'conv'\?/],
    },
    {
      name: 'warnings are printed but pass',
      files: ['warn.incep'],
      code: 0,
      stdout: [/warn\.incep: ok/],
      stderr: [/warning\[W0501\]: residual scale 0\.5/, /hint: /],
    },
    {
      name: 'a missing file is a diagnostic',
      files: ['nope.incep'],
      code: 1,
      stderr: [/error\[E0601\]: cannot read '.*nope\.incep'/, /hint: check the path/],
    },
    {
      name: 'every file is checked; one failure fails the run',
      files: ['typo.incep', 'tiny.incep', 'syntax.incep'],
      code: 1,
      stdout: [/^[^\n]*tiny\.incep: ok[^\n]*\n$/],
      stderr: [/typo\.incep: failed \(1 error\)/, /syntax\.incep: failed \(1 error\)/],
    },
    {
      name: '--input 74x74x3 collapses v3 and names the smallest input',
      files: [V3],
      args: ['--input', '74x74x3'],
      code: 1,
      stderr: [
        /error\[E0503\]: the spatial size collapses/,
        /hint: the smallest input that works is 75x75x3 \(--input 75x75x3\)/,
      ],
    },
  ];
  for (const c of cases) {
    it(`${c.name} (exit ${c.code})`, async () => {
      const files = c.files.map((f) => (f === V3 ? f : tmp.path(f)));
      const run = await runCli(['check', ...files, ...(c.args ?? [])]);
      expect(run.code, run.stderr).to.equal(c.code);
      for (const re of c.stdout ?? []) expect(run.stdout).to.match(re);
      for (const re of c.stderr ?? []) expect(run.stderr).to.match(re);
      if (c.quiet) expect(run.stderr).to.equal('');
      expect(run.stderr).not.to.match(/\n\s+at /);
    });
  }

  it('resolves FILE against the given working directory', async () => {
    const run = await runCli(['check', 'tiny.incep'], { cwd: tmp.dir });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('tiny.incep: ok (Tiny, 15 layers, 1,778 params)\n');
  });

  describe('colour', () => {
    const colourCases: Array<{ tty: boolean; env: Record<string, string>; ansi: boolean }> = [
      { tty: false, env: {}, ansi: false },
      { tty: true, env: { NO_COLOR: '1' }, ansi: false },
    ];
    for (const c of colourCases) {
      it(`${c.tty ? 'a terminal' : 'a pipe'}${c.env.NO_COLOR ? ' with NO_COLOR' : ''} gets ${c.ansi ? 'colour' : 'plain text'}`, async () => {
        const run = await runCli(['check', tmp.path('typo.incep')], { tty: c.tty, env: c.env });
        expect(run.code).to.equal(1);
        expect(run.stderr.includes('[')).to.equal(c.ansi);
      });
    }
  });
});
