import { expect } from 'chai';
import { build, type BuildResult, type Metafile, type OutputFile } from 'esbuild';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `incep/runtime` is what every generated module imports, and generated modules are meant to run
 * in the browser: a browser bundle of each must build, with no Node built-in reached. One esbuild
 * run bundles all of them (and the runtime entry on its own, for what no generated module uses,
 * such as `selectBackend`) in a few seconds.
 */
describe('runtime/index in a browser bundle', () => {
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  const compiled = readdirSync(`${repo}compiled`).filter((f) => f.endsWith('.ts'));
  const entries = [...compiled.map((f) => `compiled/${f}`), 'src/runtime/index.ts'];
  let result: (BuildResult & { metafile: Metafile; outputFiles: OutputFile[] }) | undefined;
  let failure: unknown;

  before(async () => {
    try {
      result = await build({
        absWorkingDir: repo,
        entryPoints: entries,
        outdir: 'out',
        outbase: '.',
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        metafile: true,
        logLevel: 'silent',
        // What the package's `exports` map does for a consumer, pointed at the sources.
        alias: { 'incep/runtime': './src/runtime/index.ts' },
      });
    } catch (error) {
      failure = error;
    }
  });

  it('covers the zoo', () => {
    expect(compiled.length).to.be.at.least(6);
  });

  it('builds without errors', () => {
    // esbuild rejects with its messages in `errors`; anything else is reported as it is.
    const errors = (failure as { errors?: Array<{ text: string; location?: { file: string } | null }> } | undefined)
      ?.errors;
    const messages = errors?.map((e) => `${e.location?.file ?? '?'}: ${e.text}`) ?? [];
    expect(messages).to.deep.equal([]);
    expect(failure instanceof Error ? failure.message : failure).to.equal(undefined);
    expect(result?.errors).to.deep.equal([]);
  });

  for (const entry of entries) {
    it(`${entry} imports no Node built-in`, () => {
      const output = result?.outputFiles.find((f) => f.path.endsWith(entry.replace(/\.ts$/, '.js')));
      expect(output, 'no output').not.to.equal(undefined);
      expect(output!.text).not.to.match(/(from|import|require)\s*\(?\s*["']node:/);
      const inputs = Object.keys(result!.metafile.outputs[`out/${entry.replace(/\.ts$/, '.js')}`]?.inputs ?? {});
      expect(inputs).to.include('src/runtime/index.ts');
      // Anything of ours is browser code; tfjs's own Node-only modules are `(disabled):` stubs.
      expect(inputs.filter((i) => i.startsWith('node:'))).to.deep.equal([]);
    });
  }
});
