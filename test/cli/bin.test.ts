import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = 'bin/incep.js';

/** Runs the real executable in a fresh Node process from the repository root. */
async function incep(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('bin/incep.js', function () {
  this.timeout(30_000);

  it('is an executable node script and the package bin', () => {
    expect(readFileSync(`${ROOT}${BIN}`, 'utf8')).to.match(/^#!\/usr\/bin\/env node\n/);
    expect(() => accessSync(`${ROOT}${BIN}`, constants.X_OK)).not.to.throw();
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin['incep']).to.equal(BIN);
  });

  const cases: Array<{ args: string[]; code: number; stdout?: RegExp; stderr?: RegExp }> = [
    { args: ['--help'], code: 0, stdout: /Usage: incep <command>/ },
    {
      args: ['check', 'specs/inception_v3.incep'],
      code: 0,
      stdout: /^specs\/inception_v3\.incep: ok \(InceptionV3, 313 layers, 23,851,784 params\)\n$/,
    },
    { args: ['chek'], code: 2, stderr: /did you mean 'check'/ },
  ];
  for (const c of cases) {
    it(`node ${BIN} ${c.args.join(' ')} → ${c.code}`, async () => {
      const run = await incep(c.args);
      expect(run.code, run.stderr).to.equal(c.code);
      if (c.stdout) expect(run.stdout).to.match(c.stdout);
      if (c.stderr) expect(run.stderr).to.match(c.stderr);
    });
  }
});
