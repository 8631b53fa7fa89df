/**
 * How fast `incep` starts: wall time of whole processes, each against `node -e ''` (Node's own
 * start, the floor) measured in the same run. Runs are interleaved, so a busy patch of the
 * machine hurts every row alike. Rows: `incep check` of InceptionV3 and `incep --version` through
 * bin/incep.js (dist/ when it is up to date), the same check importing dist/ directly (what the
 * bin's freshness walk costs is the difference), and the sources through tsx (what a stale or
 * missing build costs).
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { staleBuild } from '../bin/staleBuild.js';
import type { BenchReport } from './BenchReport.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CHECK = ['check', 'specs/inception_v3.incep'];

/** A module body that runs the CLI's `main` from `url` with the arguments after `--`. */
function runMain(url: string): string {
  return `const { main } = await import(${JSON.stringify(url)}); process.exitCode = await main(process.argv.slice(1));`;
}

/** What `benchCliStart` measured: median wall milliseconds per row, by row name. */
export type CliStartTimes = Record<string, number>;

/** Prints each start-up's median of `runs` (default 10) and its ratio to `node -e ''`. */
export async function benchCliStart(report: BenchReport, runs = 10): Promise<CliStartTimes> {
  const stale = staleBuild(ROOT);
  const tsxRegister = `const { register } = await import('tsx/esm/api'); register({ tsconfig: 'tsconfig.json' });`;
  const commands: Array<[string, string[]]> = [
    ["node -e ''", ['-e', '']],
    ['incep --version', ['bin/incep.js', '--version']],
    ['incep check v3', ['bin/incep.js', ...CHECK]],
    ['dist main, check v3', ['--input-type=module', '-e', runMain('./dist/src/cli/main.js'), ...CHECK]],
    ['tsx main, check v3', ['--input-type=module', '-e', tsxRegister + runMain('./src/cli/main.ts'), ...CHECK]],
  ];
  const times = commands.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    commands.forEach(([name, args], j) => {
      const t0 = performance.now();
      const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      times[j]!.push(performance.now() - t0);
      if (run.status !== 0) throw new Error(`${name} failed: ${run.stderr.toString()}`);
    });
  }
  const medians: CliStartTimes = {};
  commands.forEach(([name], j) => {
    const sorted = times[j]!.sort((a, b) => a - b);
    medians[name] = sorted[Math.floor(sorted.length / 2)]!;
  });
  const floor = medians["node -e ''"]!;
  report.section('CLI start', `wall time of a whole process, median of ${runs}, interleaved`);
  if (stale) report.line(`dist/ is stale (${stale}): the incep rows ran the sources through tsx`);
  report.table(
    ['command', 'ms', "vs node -e ''"],
    Object.entries(medians).map(([name, ms]) => [name, ms.toFixed(0), `${(ms / floor).toFixed(1)}x`]),
  );
  return medians;
}
