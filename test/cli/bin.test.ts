import { expect } from 'chai';
import { execFile, spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { staleBuild } from '../../bin/staleBuild.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = 'bin/incep.js';
/** What bin/incep.js says on stderr, with INCEP_DEBUG=1, when it runs the sources instead of dist/. */
const FALLBACK = /running the TypeScript sources with tsx/;

/** Runs the real executable in a fresh Node process from the repository root. */
async function incep(
  args: string[],
  options: { env?: Record<string, string>; node?: string[] } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [...(options.node ?? []), BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('bin/incep.js', function () {
  this.timeout(60_000);

  // Users run dist/; so do these tests. A dist/ older than the sources would make the executable
  // fall back to tsx (correct, but not what users run), so it is rebuilt first.
  before(function () {
    if (staleBuild(ROOT) === undefined) return;
    this.timeout(180_000);
    // As `npm run build`: the stamp first, then tsc (which emits even with type errors; the
    // type-check test reports those, not this hook).
    spawnSync(process.execPath, [join(ROOT, 'scripts/stampBuild.js')], { cwd: ROOT, stdio: 'ignore' });
    spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  });

  it('is an executable node script and the package bin', () => {
    expect(readFileSync(`${ROOT}${BIN}`, 'utf8')).to.match(/^#!\/usr\/bin\/env node\n/);
    expect(() => accessSync(`${ROOT}${BIN}`, constants.X_OK)).not.to.throw();
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin['incep']).to.equal(BIN);
  });

  it('runs the prebuilt dist/ when it is up to date', async () => {
    expect(staleBuild(ROOT)).to.equal(undefined);
    const run = await incep(['--version'], { env: { INCEP_DEBUG: '1' } });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).not.to.match(FALLBACK);
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

  describe('commands that need no tensors never load TensorFlow.js', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'incep-bin-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    const commands = [
      ['check', 'specs/inception_v3.incep'],
      ['explain', 'E0503'],
      ['summary', 'specs/inception_resnet_v2.incep'],
      ['fmt', '--check', 'specs/inception_v3.incep'],
      ['graph', 'specs/inception_v1.incep', '--out', 'OUT.svg'],
      ['compile', 'specs/inception_v3.incep', '--emit', 'ir', '--out', 'OUT'],
      ['compile', 'specs/inception_v4.incep', '--emit', 'ts', '--out', 'OUT'],
      ['help', 'train'],
      ['--help'],
      ['--version'],
    ];
    for (const args of commands) {
      it(`incep ${args.join(' ')}`, async () => {
        const log = join(dir, `${args.join('_').replace(/\W/g, '_')}.log`);
        const run = await incep(
          args.map((a) => (a.startsWith('OUT') ? join(dir, a.replace('OUT', 'out')) : a)),
          { env: { INCEP_IMPORT_LOG: log }, node: ['--import', './test/support/recordImports.mjs'] },
        );
        expect(run.code, run.stderr).to.equal(0);
        const loaded = readFileSync(log, 'utf8').split('\n');
        // The log works: the CLI's own modules are in it.
        expect(loaded.some((url) => url.endsWith('/cli/main.js') || url.endsWith('/cli/main.ts'))).to.be.true;
        expect(loaded.filter((url) => url.includes('@tensorflow'))).to.deep.equal([]);
      });
    }
  });
});

describe('staleBuild', () => {
  let root: string;
  const write = (path: string, seconds: number): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), '');
    utimesSync(join(root, path), seconds, seconds);
  };
  beforeEach(() => {
    root = `${mkdtempSync(join(tmpdir(), 'incep-stale-'))}/`;
    write('src/cli/main.ts', 1000);
    write('src/ir/schema.json', 1000);
    write('grammar/parser.ts', 1000);
    write('grammar/README.md', 5000);
    write('dist/src/cli/main.js', 2000);
    write('dist/grammar/parser.js', 2000);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes a build newer than every source (a JSON file nothing imports has no output)', () => {
    expect(staleBuild(root)).to.equal(undefined);
  });

  it('names an output older than its source', () => {
    write('grammar/parser.ts', 3000);
    expect(staleBuild(root)).to.equal('dist/grammar/parser.js is older than grammar/parser.ts');
  });

  it('names the output of a new source file', () => {
    write('src/cli/benchCommand.ts', 1000);
    expect(staleBuild(root)).to.equal('dist/src/cli/benchCommand.js is missing');
  });

  it('names a source saved while the build ran (its output is newer but holds the old code)', () => {
    write('dist/.build-started', 0);
    writeFileSync(join(root, 'dist/.build-started'), '1500000');
    write('grammar/parser.ts', 1800);
    expect(staleBuild(root)).to.equal('grammar/parser.ts changed after the last build started');
  });

  it('passes a build whose stamp is older than no source', () => {
    writeFileSync(join(root, 'dist/.build-started'), '1500000');
    expect(staleBuild(root)).to.equal(undefined);
  });

  it('checks a copied JSON file against its source', () => {
    write('dist/src/ir/schema.json', 500);
    expect(staleBuild(root)).to.equal('dist/src/ir/schema.json is older than src/ir/schema.json');
  });
});
