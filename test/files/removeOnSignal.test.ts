import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

const FIXTURE = new URL('./fixtures/holdTemporary.ts', import.meta.url).pathname;

/** Runs the fixture, waits for its temporary directory, signals it, and reports how it ended. */
async function killMidWrite(
  dir: string,
  signal: NodeJS.Signals,
  mode?: string,
): Promise<{ tmp: string; code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', FIXTURE, dir, ...(mode ? [mode] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  const tmp = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
    });
    child.on('exit', () => {
      reject(new Error(`the fixture exited early: ${stdout}`));
    });
  });
  expect(existsSync(tmp), 'the write in progress exists before the signal').to.equal(true);
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, sig) => {
      resolve({ code, signal: sig });
    });
  });
  child.kill(signal);
  const end = await ended;
  return { tmp, stdout, ...end };
}

describe('files/removeOnSignal', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'incep-signal-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} removes the write in progress and still ends the process by ${signal}`, async () => {
      const run = await killMidWrite(dir, signal);
      expect(run.signal).to.equal(signal);
      expect(existsSync(run.tmp)).to.equal(false);
      expect(readdirSync(dir)).to.deep.equal([]);
    });
  }

  it('leaves the write alone when the command handles Ctrl-C itself (it stops gracefully and saves)', async () => {
    const run = await killMidWrite(dir, 'SIGINT', 'graceful');
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include('stopping gracefully');
    expect(existsSync(run.tmp)).to.equal(true);
  });
});
