import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { makeDirectories } from '../../src/files/makeDirectories.js';

describe('files/makeDirectories', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'incep-mkdirs-'));
    writeFileSync(join(root, 'file'), 'x');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const made: Array<[string, string]> = [
    ['one missing level', 'a'],
    ['several missing levels', 'a/b/c/d'],
    ['a directory that exists', '.'],
  ];
  for (const [what, path] of made) {
    it(`creates ${what}`, async () => {
      await makeDirectories(join(root, path));
      expect(statSync(join(root, path)).isDirectory()).to.equal(true);
    });
  }

  const refused: Array<[string, () => string, string]> = [
    ['under a file', () => join(root, 'file', 'sub'), 'ENOTDIR'],
    ['over a file', () => join(root, 'file'), 'ENOTDIR'],
    // Node's own recursive mkdir spins forever here (the regression this guards against).
    ['under /proc, whose children cannot be made', () => '/proc/incep-not-a-process/x', 'ENOENT'],
  ];
  for (const [what, path, code] of refused) {
    it(`fails with ${code} ${what}, and returns`, async function () {
      if (path().startsWith('/proc') && !existsSync('/proc/self')) this.skip();
      let error: unknown;
      await makeDirectories(path()).catch((e: unknown) => (error = e));
      expect((error as { code?: string } | undefined)?.code).to.equal(code);
    });
  }
});
