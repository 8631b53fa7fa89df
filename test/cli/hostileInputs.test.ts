import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

import { staleBuild } from '../../bin/staleBuild.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs the real executable on hostile input with its time and memory bounded: a case that hangs
 * is killed at `seconds`, one that would exhaust memory dies at the heap cap — either fails here.
 */
function incep(args: string[], cwd: string, seconds = 30): { code: number | null; out: string; signal: string | null } {
  const run = spawnSync(process.execPath, ['--max-old-space-size=768', join(ROOT, 'bin/incep.js'), ...args], {
    cwd,
    timeout: seconds * 1000,
    env: { ...process.env, NO_COLOR: '1', INCEP_SECRET: 'hunter2-do-not-print' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: run.status, out: `${run.stdout.toString()}${run.stderr.toString()}`, signal: run.signal };
}

describe('hostile input: the CLI answers every case with a clear error, bounded in time and memory', function () {
  this.timeout(240_000);
  let dir: string;
  before(function () {
    // The executable users run: dist/, rebuilt when stale (as bin.test.ts does).
    if (staleBuild(ROOT) !== undefined) {
      spawnSync(process.execPath, [join(ROOT, 'scripts/stampBuild.js')], { cwd: ROOT });
      spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
        cwd: ROOT,
      });
    }
    dir = mkdtempSync(join(tmpdir(), 'incep-hostile-'));
    execFileSync('mkfifo', [join(dir, 'pipe.incep')]);
    writeFileSync(join(dir, 'many.incep'), `model M {\n  stem {\n${'    cnov 8 1x1\n'.repeat(250_000)}  }\n}\n`);
    writeFileSync(
      join(dir, 'errors.incep'),
      `model M {\n  input 8x8x3\n  stem {\n${'    cnov 8 1x1\n'.repeat(300)}  }\n}\n`,
    );
    writeFileSync(
      join(dir, 'longline.incep'),
      `model M {\n  input 8x8x3\n  stem { cnov 8 1x1 } # ${'x'.repeat(3_500_000)}\n}\n`,
    );
    writeFileSync(join(dir, 'environ.incep'), 'import "/proc/self/environ"\nmodel M { input 8x8x3 }\n');
    writeFileSync(join(dir, 'passwd.incep'), 'import "../../../../../../../../etc/passwd"\nmodel M { input 8x8x3 }\n');
    writeFileSync(
      join(dir, 'tiny.incep'),
      'model T {\n  input 8x8x3\n  classes 2\n  stem { conv 4 3x3 }\n  head { globalavgpool; dense classes softmax }\n}\n',
    );
    const png = new PNG({ width: 8, height: 8 });
    png.data.fill(128);
    writeFileSync(join(dir, 'image.png'), PNG.sync.write(png));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: Array<{ name: string; args: string[]; out: RegExp; bytes?: number; hidden?: string }> = [
    {
      name: 'a device as the spec',
      args: ['check', '/dev/zero'],
      out: /cannot read '\/dev\/zero': it is not a regular file/,
    },
    { name: 'a FIFO as the spec', args: ['check', 'pipe.incep'], out: /pipe\.incep': it is not a regular file/ },
    { name: '250,000 misspelt ops', args: ['check', 'many.incep'], out: /holds more than 500,000 tokens/ },
    {
      name: '300 errors',
      args: ['check', 'errors.incep'],
      out: /note\[N0101\]: 200 more diagnostics in '.*errors\.incep' not shown/,
      bytes: 60_000,
    },
    {
      name: 'an error on a 3.5 MB line',
      args: ['check', 'longline.incep'],
      out: /error\[E0301\]: unknown op or block 'cnov'/,
      bytes: 2_000,
    },
    {
      name: "an import of the process's environment",
      args: ['check', 'environ.incep'],
      out: /error\[E0604\]: import '\/proc\/self\/environ' does not name a \.incep file/,
      hidden: 'hunter2',
    },
    { name: 'an import of /etc/passwd', args: ['check', 'passwd.incep'], out: /error\[E0604\]/, hidden: 'root:' },
    {
      name: 'an output directory under /proc',
      args: ['compile', 'tiny.incep', '--emit', 'ir', '--out', '/proc/incep-x'],
      out: /cannot write/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const run = incep(c.args, dir);
      expect(run.signal, `killed: ${run.out.slice(0, 500)}`).to.equal(null);
      expect(run.code, run.out.slice(0, 2000)).to.equal(1);
      expect(run.out).to.match(c.out);
      expect(run.out).not.to.match(/\n\s+at .*\(.*:\d+:\d+\)/);
      if (c.bytes) expect(run.out.length).to.be.below(c.bytes);
      if (c.hidden) expect(run.out).not.to.include(c.hidden);
    });
  }

  it('weights linked to /dev/zero', () => {
    const made = incep(['compile', 'tiny.incep', '--emit', 'tfjs', '--out', 'weights'], dir);
    expect(made.code, made.out).to.equal(0);
    rmSync(join(dir, 'weights', 'weights.bin'));
    symlinkSync('/dev/zero', join(dir, 'weights', 'weights.bin'));
    mkdirSync(join(dir, 'images'), { recursive: true });
    const run = incep(['predict', 'tiny.incep', 'image.png', '--weights', 'weights', '--backend', 'cpu'], dir);
    expect(run.signal).to.equal(null);
    expect(run.code, run.out).to.not.equal(0);
    expect(run.out).to.match(/points outside the directory/);
  });
});
