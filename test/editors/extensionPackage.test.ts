import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Script } from 'node:vm';

import { zipEntryNames } from './zipEntryNames.js';

const EXTENSION = fileURLToPath(new URL('../../editors/vscode/', import.meta.url));
/** Inside the repository, so the copy resolves esbuild, vsce and vscode-languageclient from its node_modules. */
const TMP = fileURLToPath(new URL('../.tmp/', import.meta.url));

interface Manifest {
  name: string;
  version: string;
  main: string;
  contributes: {
    languages: Array<{ id: string; extensions: string[]; configuration: string }>;
    grammars: Array<{ language: string; scopeName: string; path: string }>;
  };
}

/** `./dist/extension.js` → `extension/dist/extension.js`, where vsce puts the extension's files. */
const inVsix = (path: string): string => `extension/${path.replace(/^\.\//, '')}`;

describe('editors/vscode packaging', function () {
  this.timeout(180_000);
  let dir: string;
  let manifest: Manifest;
  let entries: string[];
  let bundle: string;

  before(async () => {
    await mkdir(TMP, { recursive: true });
    dir = join(TMP, `vscode-package-${process.pid}`);
    await rm(dir, { recursive: true, force: true });
    // A copy of the sources only: whatever a previous build left in dist/ must not count.
    await cp(EXTENSION, dir, {
      recursive: true,
      filter: (source) => !/[\\/](dist|node_modules)$/.test(source) && !source.endsWith('.vsix'),
    });
    // Offline: vsce runs the `vscode:prepublish` build (esbuild), then zips; it needs no network.
    await promisify(execFile)('npm', ['run', 'package', '--', '--out', 'incep.vsix'], { cwd: dir });
    manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
    entries = zipEntryNames(await readFile(join(dir, 'incep.vsix')));
    bundle = await readFile(join(dir, 'dist', 'extension.js'), 'utf8');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('builds the bundle with the build script', async () => {
    expect(await readdir(join(dir, 'dist'))).to.deep.equal(['extension.js']);
  });

  it('bundles vscode-languageclient: the bundle requires only vscode and Node built-ins', () => {
    // A CommonJS script: it compiles as one (no `import`/`export`), without running it.
    expect(() => new Script(bundle, { filename: 'extension.js' })).to.not.throw();
    const required = new Set([...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
    expect(required).to.include('vscode');
    const others = [...required].filter((m) => m !== 'vscode' && !builtinModules.includes(m.replace(/^node:/, '')));
    expect(others).to.deep.equal([]);
    expect(bundle).to.include('--stdio');
  });

  it('packages the manifest, the bundle, the grammar, the language configuration, README and LICENSE', () => {
    expect(manifest.contributes.languages).to.deep.include({
      id: 'incep',
      aliases: ['incep', 'Incep'],
      extensions: ['.incep'],
      configuration: './language-configuration.json',
    });
    expect(manifest.contributes.grammars).to.deep.equal([
      { language: 'incep', scopeName: 'source.incep', path: './syntaxes/incep.tmLanguage.json' },
    ]);
    expect(entries).to.include.members([
      'extension.vsixmanifest',
      '[Content_Types].xml',
      'extension/package.json',
      'extension/readme.md',
      'extension/LICENSE.txt',
      inVsix(manifest.main),
      inVsix(manifest.contributes.grammars[0]!.path),
      inVsix(manifest.contributes.languages[0]!.configuration),
    ]);
  });

  it('leaves sources, tests, maps and build settings out of the .vsix', () => {
    const unwanted = entries.filter((e) =>
      /(^|\/)(src|test|node_modules)\/|\.(ts|mts|map|vsix)$|(^|\/)(tsconfig\.json|\.vscodeignore)$/.test(e),
    );
    expect(unwanted).to.deep.equal([]);
    expect(entries.filter((e) => e.startsWith('extension/'))).to.have.length(6);
  });
});
