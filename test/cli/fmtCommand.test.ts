import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, lstat, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { runCli, tempDir } from './runCli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const CANONICAL = 'model M {\n  input 8x8x3\n  stem {\n    conv 8 3x3 /2  # first\n\n    dense 10\n  }\n}\n';
const MESSY = 'model M\n{\n      input   8x8x3\n  stem {\n   conv 8 3x3 /2 # first\n\n\n\n   dense 10;\n  }\n}';
const BROKEN = 'model M {\n  stem { conv 8 3x3 ( }\n}\n';
/** Formats although the checker rejects it: `cnov` is no op. */
const UNCHECKED = 'block B {   cnov 8 3x3 }\n';

/** A moment well in the past, to tell a rewritten file by its modification time. */
const PAST = new Date('2020-01-01T00:00:00Z');

describe('cli/fmtCommand', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir({
      'canonical.incep': CANONICAL,
      'messy.incep': MESSY,
      'broken.incep': BROKEN,
      'unchecked.incep': UNCHECKED,
    });
    for (const name of ['canonical.incep', 'messy.incep', 'broken.incep', 'unchecked.incep']) {
      await utimes(tmp.path(name), PAST, PAST);
    }
  });
  afterEach(() => tmp.cleanup());

  const mtime = async (name: string) => (await stat(tmp.path(name))).mtimeMs;

  it('--help describes the command and its modes', async () => {
    const run = await runCli(['fmt', '--help']);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/^Usage: incep fmt FILE\.\.\. \[--write \| --check\]/);
    for (const re of [/--write/, /--check/, /'-' reads standard\s+input/, /syntax errors/])
      expect(run.stdout).to.match(re);
  });

  it('is listed in incep --help', async () => {
    expect((await runCli(['--help'])).stdout).to.match(/\n {2}fmt FILE\.\.\. +lay specs out/);
  });

  it('prints the canonical form of each FILE in order, and changes no file', async () => {
    const run = await runCli(['fmt', 'messy.incep', 'unchecked.incep'], { cwd: tmp.dir });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal(CANONICAL + 'block B { cnov 8 3x3 }\n');
    expect(run.stderr).to.equal('');
    expect(await readFile(tmp.path('messy.incep'), 'utf8')).to.equal(MESSY);
    expect(await mtime('messy.incep')).to.equal(PAST.getTime());
  });

  it('--check lists the FILEs that are not canonical and exits 1', async () => {
    const run = await runCli(['fmt', '--check', 'canonical.incep', 'messy.incep', 'unchecked.incep'], {
      cwd: tmp.dir,
    });
    expect(run.code).to.equal(1);
    expect(run.stdout).to.equal('messy.incep\nunchecked.incep\n');
    expect(await readFile(tmp.path('messy.incep'), 'utf8')).to.equal(MESSY);
  });

  it('--check exits 0 and prints nothing when every FILE is canonical', async () => {
    const run = await runCli(['fmt', '--check', 'canonical.incep'], { cwd: tmp.dir });
    expect([run.code, run.stdout, run.stderr]).to.deep.equal([0, '', '']);
  });

  it('--check passes on the whole zoo', async () => {
    const zoo = ['specs', 'specs/lib'].flatMap((dir) =>
      readdirSync(new URL(`../../${dir}/`, import.meta.url))
        .filter((f) => f.endsWith('.incep'))
        .map((f) => `${dir}/${f}`),
    );
    expect(zoo).to.have.length.above(6);
    const run = await runCli(['fmt', '--check', ...zoo], { cwd: ROOT });
    expect([run.code, run.stdout, run.stderr]).to.deep.equal([0, '', '']);
  });

  it('--write rewrites the files that change and leaves the others alone (their mtime too)', async () => {
    await chmod(tmp.path('messy.incep'), 0o640);
    const run = await runCli(['fmt', '--write', 'canonical.incep', 'messy.incep'], { cwd: tmp.dir });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.equal('formatted messy.incep\n');
    expect(await readFile(tmp.path('messy.incep'), 'utf8')).to.equal(CANONICAL);
    expect(await mtime('messy.incep')).to.be.greaterThan(PAST.getTime());
    expect((await stat(tmp.path('messy.incep'))).mode & 0o777).to.equal(0o640);
    expect(await mtime('canonical.incep')).to.equal(PAST.getTime());
    // Written once, the file is canonical: a second run touches nothing.
    const again = await runCli(['fmt', '--check', 'messy.incep'], { cwd: tmp.dir });
    expect(again.code).to.equal(0);
  });

  it('--write through a symbolic link rewrites the file it points to and keeps the link', async () => {
    await symlink(tmp.path('messy.incep'), tmp.path('link.incep'));
    const run = await runCli(['fmt', '--write', 'link.incep'], { cwd: tmp.dir });
    expect(run.code, run.stderr).to.equal(0);
    expect((await lstat(tmp.path('link.incep'))).isSymbolicLink()).to.equal(true);
    expect(await readFile(tmp.path('messy.incep'), 'utf8')).to.equal(CANONICAL);
  });

  for (const mode of [[], ['--write'], ['--check']]) {
    it(`a syntax error (${mode.join(' ') || 'printing'}): diagnostics with a code frame, exit 1, the file byte for byte as it was`, async () => {
      const run = await runCli(['fmt', ...mode, 'broken.incep', 'messy.incep'], { cwd: tmp.dir });
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/broken\.incep:2:21: error\[E0201\]: expected '\}' but found '\('/);
      expect(run.stderr).to.match(/> 2 \| {3}stem \{ conv 8 3x3 \( \}\n {4}\| {21}\^/);
      expect(run.stderr).to.match(/broken\.incep: not formatted \(1 error\)\n/);
      expect(await readFile(tmp.path('broken.incep'), 'utf8')).to.equal(BROKEN);
      expect(await mtime('broken.incep')).to.equal(PAST.getTime());
      // The other file is still handled.
      if (mode[0] === '--write') expect(await readFile(tmp.path('messy.incep'), 'utf8')).to.equal(CANONICAL);
      else if (mode[0] === '--check') expect(run.stdout).to.equal('messy.incep\n');
      else expect(run.stdout).to.equal(CANONICAL);
    });
  }

  it('a missing FILE is a clear error, and the other FILEs are still formatted', async () => {
    const run = await runCli(['fmt', 'missing.incep', 'messy.incep'], { cwd: tmp.dir });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.equal("incep: error: cannot read 'missing.incep': no such file\n");
    expect(run.stdout).to.equal(CANONICAL);
  });

  it('--write refuses a read-only file and leaves it as it was', async () => {
    await chmod(tmp.path('messy.incep'), 0o444);
    const run = await runCli(['fmt', '--write', 'messy.incep'], { cwd: tmp.dir });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.equal("incep: error: cannot write 'messy.incep': it is read-only\n");
    expect(await readFile(tmp.path('messy.incep'), 'utf8')).to.equal(MESSY);
    expect((await stat(tmp.path('messy.incep'))).mode & 0o777).to.equal(0o444);
  });

  it('a file that is not UTF-8 is refused at its first bad byte, and never rewritten', async () => {
    const latin1 = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(' \ufffd ok\n' + MESSY)]);
    await writeFile(tmp.path('latin1.incep'), latin1);
    const run = await runCli(['fmt', '--write', 'latin1.incep'], { cwd: tmp.dir });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.equal(
      "incep: error: cannot read 'latin1.incep': it is not UTF-8 text (an undecodable byte at line 1, column 6); save it as UTF-8\n",
    );
    expect(await readFile(tmp.path('latin1.incep'))).to.deep.equal(latin1);
  });

  it('aligns the trailing comments of a run of 150,000 lines', async () => {
    const lines = 150_000;
    await writeFile(
      tmp.path('long.incep'),
      `model M {\n  input 8x8x3\n  body {\n${'    relu # c\n'.repeat(lines)}  }\n}\n`,
    );
    const run = await runCli(['fmt', '--write', 'long.incep'], { cwd: tmp.dir });
    expect(run.code, run.stderr).to.equal(0);
    const text = await readFile(tmp.path('long.incep'), 'utf8');
    expect(text.split('\n').filter((l) => l === '    relu  # c')).to.have.length(lines);
  });

  it('a directory is refused as a FILE', async () => {
    const run = await runCli(['fmt', '.'], { cwd: tmp.dir });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.equal("incep: error: cannot read '.': it is a directory\n");
  });

  const usage: Array<{ args: string[]; message: RegExp }> = [
    { args: ['--write', '--check', 'messy.incep'], message: /--write and --check cannot be combined/ },
    { args: ['--write', '-'], message: /--write cannot rewrite standard input/ },
    { args: [], message: /missing FILE argument/ },
    // fmt compiles nothing: the override options are not its own, and a typo is told as one.
    { args: ['--classes', '5', 'messy.incep'], message: /unknown option '--classes'/ },
    { args: ['--wirte', 'messy.incep'], message: /did you mean '--write'\?/ },
    { args: ['-', 'messy.incep', '-'], message: /standard input \('-'\) can be read once/ },
  ];
  for (const u of usage) {
    it(`incep fmt ${u.args.join(' ') || '(no FILE)'} is a usage error (exit 2), and changes nothing`, async () => {
      const run = await runCli(['fmt', ...u.args], { cwd: tmp.dir });
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(u.message);
      expect(run.stderr).to.match(/run 'incep fmt --help' for usage/);
      expect(await readFile(tmp.path('messy.incep'), 'utf8')).to.equal(MESSY);
    });
  }

  describe('in a process of its own', () => {
    /** Runs `incep fmt ARGS` from the sources in a fresh Node process, `input` on its stdin. */
    function fmtProcess(
      args: string[],
      input: string,
      options: { node?: string[]; env?: Record<string, string> } = {},
    ): { code: number | null; stdout: string; stderr: string } {
      const r = spawnSync(
        process.execPath,
        [
          ...(options.node ?? []),
          '--import',
          'tsx/esm',
          '--input-type=module',
          '-e',
          "import { main } from './src/cli/main.ts'; process.exitCode = await main(process.argv.slice(1));",
          '--',
          'fmt',
          ...args,
        ],
        {
          cwd: ROOT,
          input,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1', ...options.env },
          timeout: 60_000,
        },
      );
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    }

    it('never loads TensorFlow.js', function () {
      this.timeout(60_000);
      const log = tmp.path('imports.log');
      const run = fmtProcess(['--check', 'specs/inception_v3.incep'], '', {
        node: ['--import', './test/support/recordImports.mjs'],
        env: { INCEP_IMPORT_LOG: log },
      });
      expect(run.code, run.stderr).to.equal(0);
      const loaded = readFileSync(log, 'utf8').split('\n');
      expect(loaded.some((url) => url.endsWith('/cli/fmtCommand.ts'))).to.equal(true);
      expect(loaded.filter((url) => url.includes('@tensorflow'))).to.deep.equal([]);
    });

    it('- reads the spec from standard input and prints its canonical form', function () {
      this.timeout(60_000);
      const run = fmtProcess(['-'], '\uFEFF' + MESSY);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.equal(CANONICAL);
    });

    it('--check - names standard input when it is not canonical; syntax errors name it too', function () {
      this.timeout(60_000);
      const check = fmtProcess(['--check', '-'], MESSY);
      expect([check.code, check.stdout]).to.deep.equal([1, '<stdin>\n']);
      const broken = fmtProcess(['-'], BROKEN);
      expect(broken.code).to.equal(1);
      expect(broken.stderr).to.match(/^<stdin>:2:21: error\[E0201\]/);
      expect(broken.stderr).to.match(/\n<stdin>: not formatted \(1 error\)\n$/);
    });
  });

  it('--write formats a spec the checker rejects, and never touches one with syntax errors', async () => {
    await writeFile(tmp.path('both.incep'), UNCHECKED);
    const run = await runCli(['fmt', '--write', 'both.incep', 'broken.incep'], { cwd: tmp.dir });
    expect(run.code).to.equal(1);
    expect(await readFile(tmp.path('both.incep'), 'utf8')).to.equal('block B { cnov 8 3x3 }\n');
    expect(await readFile(tmp.path('broken.incep'), 'utf8')).to.equal(BROKEN);
  });
});
