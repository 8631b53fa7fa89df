/**
 * The front end's speed — parse, check, elaborate, instantiate — for each spec of the zoo and for
 * a generated 10,000-line spec, as a ratio against lexing the same text in the same process (the
 * least work any front end must do). Warm: every text is compiled before it is timed.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { incepLexer } from '../grammar/tokens.js';
import { compile, compileFile } from '../src/compile.js';
import { generateLongSpec } from '../test/support/generateLongSpec.js';
import type { BenchReport } from './BenchReport.js';

const SPECS = [
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

/** Prints compile vs lex per spec (median of 20) and for the 10,000-line spec (median of 5). */
export async function benchFrontEnd(
  report: BenchReport,
  impl: { compile: typeof compile; compileFile: typeof compileFile; from: string } = {
    compile,
    compileFile,
    from: 'src/ through tsx',
  },
): Promise<FrontEndTimes> {
  report.section(
    'Front end',
    `compile (parse, check, elaborate, instantiate) vs lexing the same text, warm, the compiler from ${impl.from}; ` +
      'medians of 20 (zoo) and 5 (generated)',
  );
  const rows: string[][] = [];
  const specs: FrontEndTimes['specs'] = {};
  let zooMs = 0;
  for (const spec of SPECS) {
    const path = `specs/${spec}.incep`;
    const text = readFileSync(path, 'utf8');
    const lexMs = median(20, () => incepLexer.tokenize(text));
    const compileMs = median(20, () => impl.compileFile(path));
    specs[spec] = { lexMs, compileMs };
    zooMs += compileMs;
    rows.push([
      spec,
      String(text.split('\n').length),
      lexMs.toFixed(2),
      compileMs.toFixed(2),
      `${(compileMs / lexMs).toFixed(1)}x`,
    ]);
  }
  rows.push(['zoo (sum)', '', '', zooMs.toFixed(2), '']);

  const text = generateLongSpec(10_000);
  const result = impl.compile(text, { filename: 'long.incep' });
  if (!result.ok) throw new Error('the generated spec does not compile');
  const lines = text.split('\n').length;
  const lexMs = median(5, () => incepLexer.tokenize(text));
  const compileMs = median(5, () => impl.compile(text, { filename: 'long.incep' }));
  rows.push([
    `generated (${result.ir!.layers.length} layers)`,
    String(lines),
    lexMs.toFixed(1),
    compileMs.toFixed(1),
    `${(compileMs / lexMs).toFixed(1)}x`,
  ]);
  report.table(['spec', 'lines', 'lex ms', 'compile ms', 'ratio'], rows);
  return { specs, zooMs, long: { lines, layers: result.ir!.layers.length, lexMs, compileMs } };
}
