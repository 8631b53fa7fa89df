/**
 * The front end's speed — parse, check, elaborate, instantiate — for each spec of the zoo and for
 * a generated 10,000-line spec, as a ratio against lexing the same text in the same process (the
 * least work any front end must do). Warm: every text is compiled before it is timed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { incepLexer } from '../grammar/tokens.js';
import { compile, compileFile } from '../src/compile.js';
import { generateLongSpec } from '../test/support/generateLongSpec.js';
import type { BenchReport } from './BenchReport.js';

/** The zoo, by spec name (specs/<name>.incep). */
export const SPECS = [
  'inception_v1',
  'inception_v2',
  'inception_v3',
  'inception_v4',
  'inception_resnet_v1',
  'inception_resnet_v2',
];

/** Median milliseconds of `runs` calls of `f`, after one untimed call. */
function median(runs: number, f: () => unknown): number {
  f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** What `benchFrontEnd` measured, in milliseconds (medians). */
export interface FrontEndTimes {
  /** compileFile per zoo spec, and lexing its main file. */
  specs: Record<string, { lexMs: number; compileMs: number }>;
  /** The sum of the zoo's compile medians. */
  zooMs: number;
  /** The generated spec: its length, and lexing vs compiling it. */
  long: { lines: number; layers: number; lexMs: number; compileMs: number };
}

/** What one process measured: per spec file and for the generated spec. */
interface Measured {
  specs: Record<string, { lines: number; lexMs: number; compileMs: number }>;
  long: { lines: number; layers: number; lexMs: number; compileMs: number };
}

/** Measures in this process, through whatever loaded `src/` (tsx under `npm run bench`). */
function measureHere(paths: readonly string[], text: string): Measured {
  const specs: Measured['specs'] = {};
  for (const path of paths) {
    const source = readFileSync(path, 'utf8');
    specs[path] = {
      lines: source.split('\n').length,
      lexMs: median(20, () => incepLexer.tokenize(source)),
      compileMs: median(20, () => compileFile(path)),
    };
  }
  const result = compile(text, { filename: 'long.incep' });
  if (!result.ok) throw new Error('the generated spec does not compile');
  return {
    specs,
    long: {
      lines: text.split('\n').length,
      layers: result.ir!.layers.length,
      lexMs: median(5, () => incepLexer.tokenize(text)),
      compileMs: median(5, () => compile(text, { filename: 'long.incep' })),
    },
  };
}

/** Measures the built compiler (dist/) in a fresh Node process: what `incep` runs, in a clean heap. */
function measureBuilt(paths: readonly string[], text: string): Measured {
  const dir = mkdtempSync(join(tmpdir(), 'incep-bench-'));
  try {
    const file = join(dir, 'long.incep');
    writeFileSync(file, text);
    const child = fileURLToPath(new URL('frontEndChild.mjs', import.meta.url));
    const out = execFileSync(process.execPath, [child, file, ...paths], { encoding: 'utf8', maxBuffer: 1 << 24 });
    return JSON.parse(out) as Measured;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Prints compile vs lex per zoo spec (median of 20) and for the 10,000-line spec (median of 5):
 * from dist/ in a fresh process when `built`, else here.
 */
export async function benchFrontEnd(report: BenchReport, built: boolean): Promise<FrontEndTimes> {
  const paths = SPECS.map((spec) => `specs/${spec}.incep`);
  const text = generateLongSpec(10_000);
  const m = built ? measureBuilt(paths, text) : measureHere(paths, text);
  report.section(
    'Front end',
    `compile (parse, check, elaborate, instantiate) vs lexing the same text, warm, ${
      built ? 'the built compiler (dist/) in a fresh process' : 'the sources through tsx (dist/ was stale)'
    }; medians of 20 (zoo) and 5 (generated)`,
  );
  const specs: FrontEndTimes['specs'] = {};
  let zooMs = 0;
  const rows = SPECS.map((spec, i) => {
    const r = m.specs[paths[i]!]!;
    specs[spec] = { lexMs: r.lexMs, compileMs: r.compileMs };
    zooMs += r.compileMs;
    return [
      spec,
      String(r.lines),
      r.lexMs.toFixed(2),
      r.compileMs.toFixed(2),
      `${(r.compileMs / r.lexMs).toFixed(1)}x`,
    ];
  });
  rows.push(['zoo (sum)', '', '', zooMs.toFixed(2), '']);
  rows.push([
    `generated (${m.long.layers} layers)`,
    String(m.long.lines),
    m.long.lexMs.toFixed(1),
    m.long.compileMs.toFixed(1),
    `${(m.long.compileMs / m.long.lexMs).toFixed(1)}x`,
  ]);
  report.table(['spec', 'lines', 'lex ms', 'compile ms', 'ratio'], rows);
  return { specs, zooMs, long: m.long };
}
