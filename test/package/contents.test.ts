import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { LEFTOVER, packedManifest, packIncep, type PackedIncep, REPO } from './packIncep.js';

/** Every file under `dir` (absolute), as paths relative to `root`. */
function walk(root: string, dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(root, join(dir, entry.name)) : [relative(root, join(dir, entry.name))],
  );
}

describe('package: what npm pack puts in the tarball', function () {
  // The pack builds dist/ from scratch (tsc), which on a busy machine takes a minute.
  this.timeout(300_000);
  let packed: PackedIncep;
  let files: Set<string>;

  before(async () => {
    packed = await packIncep();
    files = new Set(packed.files);
  });

  it('holds the built JavaScript and declarations of every source file', () => {
    const sources = walk(REPO, join(REPO, 'src'))
      .concat(walk(REPO, join(REPO, 'grammar')))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    expect(sources.length).to.be.greaterThan(100);
    const missing = sources.flatMap((f) => {
      const stem = `dist/${f.slice(0, -'.ts'.length)}`;
      return [`${stem}.js`, `${stem}.d.ts`].filter((built) => !files.has(built));
    });
    expect(missing).to.deep.equal([]);
  });

  it('holds every target of bin and exports, the zoo and its block library', () => {
    const manifest = packedManifest(packed) as unknown as {
      bin: Record<string, string>;
      exports: Record<string, string | Record<string, string>>;
    };
    const targets = [
      ...Object.values(manifest.bin),
      ...Object.values(manifest.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t))),
    ].map((t) => t.replace(/^\.\//, ''));
    expect(targets).to.include.members(['bin/incep.js', 'dist/src/runtime/index.js', 'dist/src/runtime/node.js']);
    const zoo = walk(REPO, join(REPO, 'specs')).filter((f) => f.endsWith('.incep'));
    const needed = [...targets, ...zoo, 'bin/staleBuild.js', 'package.json', 'README.md', 'grammar/README.md'];
    expect(needed.filter((f) => !files.has(f))).to.deep.equal([]);
  });

  const excluded: Array<[string, (f: string) => boolean]> = [
    ['TypeScript sources', (f) => f.startsWith('src/') || (f.startsWith('grammar/') && f.endsWith('.ts'))],
    ['tests', (f) => f.startsWith('test/') || f.startsWith('dist/test/') || /\.test\.(js|ts)$/.test(f)],
    ['source maps', (f) => f.endsWith('.map')],
    [
      'scratch, generated zoo modules, benchmarks, scripts, editors and examples',
      (f) => /^(scratch|compiled|bench|scripts|editors|examples|out)\//.test(f),
    ],
    ['build bookkeeping and configuration', (f) => f === 'dist/.build-started' || /^(tsconfig|\.)/.test(f)],
    ['outputs of deleted sources (the build starts from an empty dist/)', (f) => f === LEFTOVER],
  ];
  for (const [what, matches] of excluded) {
    it(`leaves out ${what}`, () => {
      expect(packed.files.filter(matches)).to.deep.equal([]);
    });
  }

  it('has no JavaScript pointing at a source map it does not ship', () => {
    const pointing = packed.files
      .filter((f) => f.endsWith('.js'))
      .filter((f) => readFileSync(join(packed.dir, 'copy', f), 'utf8').includes('sourceMappingURL'));
    expect(pointing).to.deep.equal([]);
  });
});
