import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { runCli, tempDir, TINY } from './runCli.js';
import { parseXml } from '../support/parseXml.js';

describe('cli/graphCommand', function () {
  this.timeout(60_000);
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    tmp = await tempDir({ 'tiny.incep': TINY, 'typo.incep': 'model T {\n  stem { cnov 8 3x3 }\n}\n' });
  });
  after(() => tmp.cleanup());

  const written: Array<{ args: string[]; file: string; check: (text: string) => void }> = [
    {
      args: ['tiny.incep', '--out', 'tiny.svg'],
      file: 'tiny.svg',
      check: (text) => expect(parseXml(text).documentElement?.nodeName).to.equal('svg'),
    },
    {
      args: ['tiny.incep', '--out', 'out/tiny.dot', '--expand', '--aux'],
      file: 'out/tiny.dot',
      check: (text) => {
        expect(text).to.match(/^digraph "Tiny" \{/);
        expect(text).to.match(/subgraph cluster_/);
      },
    },
    {
      args: ['tiny.incep', '--out', 'wide.dot', '--input', '64x64x3'],
      file: 'wide.dot',
      check: (text) => expect(text).to.include('64x64x3'),
    },
  ];
  for (const c of written) {
    it(`incep graph ${c.args.join(' ')} writes ${c.file}`, async () => {
      const run = await runCli(['graph', ...c.args], { cwd: tmp.dir });
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stderr).to.equal(`wrote ${c.args[c.args.indexOf('--out') + 1]}\n`);
      c.check(await readFile(join(tmp.dir, c.file), 'utf8'));
    });
  }

  const refused: Array<{ args: string[]; code: number; stderr: RegExp }> = [
    { args: ['tiny.incep'], code: 2, stderr: /missing --out FILE\nhint: e\.g\. --out inception_v3\.svg/ },
    { args: ['tiny.incep', '--out', 'tiny.png'], code: 2, stderr: /--out 'tiny\.png' must end in \.svg or \.dot/ },
    { args: ['typo.incep', '--out', 'typo.svg'], code: 1, stderr: /typo\.incep:2:10: error\[E0301\]/ },
  ];
  for (const c of refused) {
    it(`refuses incep graph ${c.args.join(' ')} (exit ${c.code}), writing nothing`, async () => {
      const before = await readdir(tmp.dir);
      const run = await runCli(['graph', ...c.args], { cwd: tmp.dir });
      expect(run.code).to.equal(c.code);
      expect(run.stderr).to.match(c.stderr);
      expect(await readdir(tmp.dir)).to.deep.equal(before);
    });
  }
});
