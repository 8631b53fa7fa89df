#!/usr/bin/env node
// The `incep` executable. Plain JavaScript so it runs from a clean clone with no build step:
// it registers tsx (a runtime dependency) and loads the TypeScript sources directly. An
// installed package without src/ runs the compiled dist/ instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// `incep … | head` closes stdout early; that is the reader's choice, not an error to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const source = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  // Our own tsconfig, not whichever one is in the user's working directory.
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist/src/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
