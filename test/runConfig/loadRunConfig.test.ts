import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDiagnostic } from '../../src/diagnostics/formatDiagnostic.js';
import { loadRunConfig } from '../../src/runConfig/loadRunConfig.js';
import type { RunConfigResult } from '../../src/runConfig/parseRunConfig.js';
import { at, describe_ } from '../fixtures/helpers.js';

/** Makes a FIFO at `path`; false when this system has no mkfifo. */
function mkfifo(path: string): boolean {
  try {
    execFileSync('mkfifo', [path], { stdio: 'ignore' });
    return true;
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return false;
    throw e;
  }
}

interface Row {
  name: string;
  /** Creates the file in `dir` and returns its path, or why this system cannot (the row is skipped). */
  make: (dir: string) => string | { skip: string };
  code: string;
  message: string;
  at?: string;
}

const ROWS: Row[] = [
  { name: 'a missing file', make: (d) => join(d, 'nope.yaml'), code: 'E0610', message: 'no such file' },
  {
    name: 'a directory',
    make: (d) => {
      mkdirSync(join(d, 'dir.yaml'));
      return join(d, 'dir.yaml');
    },
    code: 'E0610',
    message: 'a directory, not a regular file',
  },
  {
    name: 'a FIFO (refused at once, not waiting for a writer)',
    make: (d) => (mkfifo(join(d, 'fifo.yaml')) ? join(d, 'fifo.yaml') : { skip: 'mkfifo is missing' }),
    code: 'E0610',
    message: 'a FIFO (named pipe), not a regular file',
  },
  {
    name: 'a device',
    make: () => (existsSync('/dev/zero') ? '/dev/zero' : { skip: 'no /dev/zero here' }),
    code: 'E0610',
    message: 'a device, not a regular file',
  },
  {
    // Invalid UTF-8 throughout: had it been read, it would be refused as "not UTF-8 text".
    name: 'a 2 MB file, by its size alone',
    make: (d) => {
      writeFileSync(join(d, 'big.yaml'), Buffer.alloc(2_000_000, 0xff));
      return join(d, 'big.yaml');
    },
    code: 'E0610',
    message: "run file 'NAME' is 1.9 MiB; the limit is 1 MiB",
  },
  {
    // Sparse, so it costs no disk; reading it whole would take seconds and 8 GiB of memory.
    name: 'an 8 GiB sparse file',
    make: (d) => {
      writeFileSync(join(d, 'huge.yaml'), '');
      truncateSync(join(d, 'huge.yaml'), 8 * 1024 ** 3);
      return join(d, 'huge.yaml');
    },
    code: 'E0610',
    message: 'is 8192.0 MiB; the limit is 1 MiB',
  },
  {
    name: 'binary content',
    make: (d) => {
      writeFileSync(join(d, 'bin.yaml'), Buffer.from([0x65, 0x3a, 0x20, 0xc3, 0x28]));
      return join(d, 'bin.yaml');
    },
    code: 'E0610',
    message: 'it is not UTF-8 text',
  },
  {
    name: 'a YAML problem, placed in the file',
    make: (d) => {
      writeFileSync(join(d, 'run.yaml'), 'epochs: 3\noptimzer: {name: adam}\n');
      return join(d, 'run.yaml');
    },
    code: 'E0612',
    message: "unknown key 'optimzer'",
    at: '2:1',
  },
];

describe('runConfig/loadRunConfig', function () {
  // A hang (a FIFO opened for reading) must fail the test, not stall the suite.
  this.timeout(10_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'incep-runconfig-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a good file (with a BOM)', async () => {
    const path = join(dir, 'good.yaml');
    writeFileSync(path, '\uFEFFspec: specs/inception_v3.incep\nepochs: 2\ndata: {synthetic: 16}\n');
    const r = await loadRunConfig(path, 'good.yaml');
    expect(r.ok, describe_(r.diagnostics)).to.equal(true);
    if (r.ok) expect(r.config).to.deep.equal({ spec: 'specs/inception_v3.incep', epochs: 2, data: { synthetic: 16 } });
  });

  for (const row of ROWS) {
    it(`refuses ${row.name}: ${row.code}`, async function () {
      const made = row.make(dir);
      if (typeof made !== 'string') this.skip();
      const t0 = performance.now();
      const r: RunConfigResult = await loadRunConfig(made, 'NAME');
      expect(performance.now() - t0, 'refused quickly').to.be.below(1000);
      expect(r.ok).to.equal(false);
      expect(r.diagnostics.map((d) => d.code)).to.deep.equal([row.code]);
      expect(r.diagnostics[0]!.message).to.include(row.message);
      expect(at(r.diagnostics[0])).to.equal(row.at ?? '-');
    });
  }

  it('prints a problem with the file name, line and column', async () => {
    const path = join(dir, 'frame.yaml');
    writeFileSync(path, 'epochs: 3\nbackend: gpu\n');
    const r = await loadRunConfig(path, 'run.yaml');
    expect(formatDiagnostic(r.diagnostics[0]!, { sources: r.sources }).split('\n')[0]).to.equal(
      "run.yaml:2:10: error[E0613]: 'backend' must be one of 'auto', 'tensorflow', 'wasm' or 'cpu', not 'gpu'",
    );
  });

  it('names the file by its path by default', async () => {
    const r = await loadRunConfig(join(dir, 'missing.yaml'));
    expect(r.diagnostics[0]!.message).to.equal(`cannot read run file '${join(dir, 'missing.yaml')}': no such file`);
  });
});
