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
export async function benchFrontEnd(row: (cells: Array<string | number>) => string): Promise<FrontEndTimes> {
  console.log('\nfront end: compile (parse, check, elaborate, instantiate) vs lex, warm');
  console.log(row(['spec', 'lines', 'lex ms', 'compile ms', 'ratio']));
  const specs: FrontEndTimes['specs'] = {};
  let zooMs = 0;
  for (const spec of SPECS) {
    const path = `specs/${spec}.incep`;
    const text = readFileSync(path, 'utf8');
    const lexMs = median(20, () => incepLexer.tokenize(text));
    const compileMs = median(20, () => compileFile(path));
    specs[spec] = { lexMs, compileMs };
    zooMs += compileMs;
    console.log(
      row([
        spec,
        text.split('\n').length,
        lexMs.toFixed(2),
        compileMs.toFixed(2),
        `${(compileMs / lexMs).toFixed(1)}x`,
      ]),
    );
  }
  console.log(row(['zoo (sum)', '', '', zooMs.toFixed(2), '']));

  const text = generateLongSpec(10_000);
  const result = compile(text, { filename: 'long.incep' });
  if (!result.ok) throw new Error('the generated spec does not compile');
  const lines = text.split('\n').length;
  const lexMs = median(5, () => incepLexer.tokenize(text));
  const compileMs = median(5, () => compile(text, { filename: 'long.incep' }));
  console.log(
    row([
      `generated (${result.ir!.layers.length} layers)`,
      lines,
      lexMs.toFixed(1),
      compileMs.toFixed(1),
      `${(compileMs / lexMs).toFixed(1)}x`,
    ]),
  );
  return { specs, zooMs, long: { lines, layers: result.ir!.layers.length, lexMs, compileMs } };
}
