// Child process of bench/frontEnd.ts: times the built compiler (dist/) in a fresh process, so
// the front end's numbers do not depend on what the benchmark ran before in its own heap.
// Usage: node bench/frontEndChild.mjs LONG_SPEC_FILE SPEC... ; prints one JSON line.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const { compile, compileFile } = await import(new URL('../dist/src/compile.js', import.meta.url).href);
const { incepLexer } = await import(new URL('../dist/grammar/tokens.js', import.meta.url).href);

function median(runs, f) {
  f();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const [longFile, ...specs] = process.argv.slice(2);
// Warm: the JIT tiers functions up over many calls; a few rounds over the whole zoo first, so
// the first spec timed is not the one that paid for it.
for (let round = 0; round < 10; round++) for (const path of specs) compileFile(path);
const out = { specs: {}, long: {} };
for (const path of specs) {
  const text = readFileSync(path, 'utf8');
  out.specs[path] = {
    lines: text.split('\n').length,
    lexMs: median(20, () => incepLexer.tokenize(text)),
    compileMs: median(20, () => compileFile(path)),
  };
}
const text = readFileSync(longFile, 'utf8');
const result = compile(text, { filename: 'long.incep' });
if (!result.ok) throw new Error('the generated spec does not compile');
out.long = {
  lines: text.split('\n').length,
  layers: result.ir.layers.length,
  lexMs: median(5, () => incepLexer.tokenize(text)),
  compileMs: median(5, () => compile(text, { filename: 'long.incep' })),
};
process.stdout.write(JSON.stringify(out) + '\n');
