import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { REPO } from './packIncep.js';

/**
 * bin/incep.js where it cannot run the normal way: a package without its build, and a clone whose
 * build is stale where tsx (a development dependency) is not installed. Each says what to do in
 * one line instead of failing with a module-not-found stack. Both run from a copy of bin/ in a
 * temporary directory, outside any node_modules.
 */
describe('package: bin/incep.js without a usable build', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'incep-bin-'));
    cpSync(join(REPO, 'bin'), join(dir, 'bin'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'incep', type: 'module' }));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function incep(): Promise<{ code: number; stderr: string }> {
    try {
      const { stderr } = await promisify(execFile)(process.execPath, [join(dir, 'bin/incep.js'), '--version']);
      return { code: 0, stderr };
    } catch (e) {
      const failed = e as { code?: number; stderr?: string };
      return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
    }
  }

  it('an installed package packed without dist/ says so', async () => {
    const run = await incep();
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(
      /^incep: .*dist\/src\/cli\/main\.js is missing: this copy of incep was packed without its build\.\n$/,
    );
  });

  it('a clone with a stale build and no tsx says to build', async () => {
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'grammar'));
    writeFileSync(join(dir, 'src/main.ts'), 'export {};\n');
    const run = await incep();
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(
      /is out of date \(dist\/src\/main\.js is missing\) and tsx is not installed: run `npm run build`\.\n$/,
    );
  });
});
