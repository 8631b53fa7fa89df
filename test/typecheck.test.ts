import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/**
 * What a failed `execFile` captured: its rejection carries `stdout` and `stderr`. A tsc that
 * exits non-zero with nothing printed (or never starts) still fails the test, with the reason.
 */
function failedOutput(error: unknown): { stdout: string; stderr: string } {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const stdout = typeof error === 'object' && error !== null && 'stdout' in error ? text(error.stdout) : '';
  const stderr = typeof error === 'object' && error !== null && 'stderr' in error ? text(error.stderr) : '';
  return { stdout, stderr: stdout || stderr ? stderr : `tsc failed without output: ${String(error)}` };
}

// tsx strips types without checking them, so the whole project (src, grammar, test, compiled)
// is type-checked here; a type error then shows in the test count like any other failure.
describe('typecheck', function () {
  this.timeout(180_000);
  it('tsc --noEmit passes over the whole project', async () => {
    const result = await run(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], {
      cwd: new URL('..', import.meta.url).pathname,
    }).catch(failedOutput);
    const output = `${result.stdout}${result.stderr}`;
    expect(output.trim(), output).to.equal('');
  });
});
