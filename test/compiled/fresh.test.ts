import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { compileFile } from '../../src/compile.js';
import { emitTypeScript, GENERATED_MARKER } from '../../src/backends/typescript/emitTypeScript.js';

const root = new URL('../../', import.meta.url);
const specs = readdirSync(new URL('specs/', root)).filter((f) => f.endsWith('.incep')).map((f) => f.replace(/\.incep$/, '')).sort();
const modules = readdirSync(new URL('compiled/', root)).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();

// compiled/ is generated and committed; these fail when a spec, an imported library file or the
// emitter changed without `npm run gen`.
describe('compiled/ is fresh', () => {
  it('holds exactly one module per spec in specs/', () => {
    expect(modules).to.deep.equal(specs);
  });
  for (const spec of specs) {
    it(`compiled/${spec}.ts is what the emitter makes of specs/${spec}.incep (else run \`npm run gen\`)`, () => {
      const result = compileFile(`specs/${spec}.incep`);
      expect(result.ok, JSON.stringify(result.diagnostics)).to.equal(true);
      const emitted = emitTypeScript(result);
      const committed = readFileSync(new URL(`compiled/${spec}.ts`, root), 'utf8');
      expect(committed.split('\n')[0]!.startsWith(GENERATED_MARKER)).to.equal(true);
      expect(committed === emitted.code, `compiled/${spec}.ts is stale: run \`npm run gen\``).to.equal(true);
    });
  }
});
