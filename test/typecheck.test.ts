import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

// tsx strips types without checking them, so the whole project (src, grammar, test, compiled)
// is type-checked here; a type error then shows in the test count like any other failure.
describe('typecheck', function () {
  this.timeout(180_000);
  it('tsc --noEmit passes over the whole project', async () => {
    const result = await run(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], {
      cwd: new URL('..', import.meta.url).pathname,
    }).catch((e: { stdout?: string; stderr?: string }) => e);
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    expect(output.trim(), output).to.equal('');
  });
});
